import { Command, Option } from 'commander';
import type { House } from '../../catalogue/schemas.ts';
import { type CatalogueService, createCatalogueService } from '../../catalogue/service.ts';
import { loadConfig } from '../../config.ts';
import { systemClock } from '../clock.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DomainError } from '../errors.ts';
import { roles, type Role, staffLanguages, type StaffLanguage } from './model.ts';
import { generatePassword } from './passwords.ts';
import type { Staff } from './schemas.ts';
import { createAuthService, type AuthService } from './service.ts';

/* `foyer user add`: create a staff account from the command line. */

export interface UserAddOptions {
  email: string;
  name: string;
  role: Role;
  unit?: string;
  house?: string;
  password?: string;
  language: StaffLanguage;
}

export interface UserAddDependencies {
  auth: Pick<AuthService, 'createStaff'>;
  catalogue: Pick<CatalogueService, 'listHouses' | 'getHouseBySlug' | 'getUnitBySlug'>;
  /** Asks for the password without echo; undefined when there is no terminal to ask on. */
  askPassword: (() => Promise<string>) | undefined;
  print(line: string): void;
}

async function houseFor(houses: UserAddDependencies['catalogue'], slug: string | undefined): Promise<House> {
  if (slug !== undefined) return houses.getHouseBySlug(slug);
  const all = await houses.listHouses();
  const only = all[0];
  if (all.length === 1 && only !== undefined) return only;
  if (all.length === 0) throw new DomainError('not_found', 'there is no house yet: run `foyer demo`, or open the web app to set one up');
  throw new DomainError('validation', `there are ${all.length} houses, name one with --house (${all.map((h) => h.slug).join(', ')})`, [
    { field: 'house', message: 'required when there is more than one house' },
  ]);
}

export async function addUser(deps: UserAddDependencies, options: UserAddOptions): Promise<{ staff: Staff; house: House }> {
  const house = await houseFor(deps.catalogue, options.house);
  const unitId = options.unit === undefined ? null : (await deps.catalogue.getUnitBySlug({ houseId: house.id, unitId: null }, options.unit)).id;
  let password = options.password;
  let generated = false;
  if (password === undefined && deps.askPassword !== undefined) {
    password = await deps.askPassword();
  } else if (password === undefined) {
    password = generatePassword();
    generated = true;
  }
  const staff = await deps.auth.createStaff(house.id, {
    email: options.email,
    name: options.name,
    role: options.role,
    unitId,
    password,
    language: options.language,
  });
  deps.print(`created ${staff.role} ${staff.email} in ${house.name} (${house.slug})`);
  if (generated) deps.print(`password (shown only this once): ${password}`);
  return { staff, house };
}

/** Reads a line from the terminal without showing what is typed. */
function promptHidden(question: string): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new DomainError('validation', 'cancelled: no account was created'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function askPasswordTwice(): Promise<string> {
  const first = await promptHidden('password (at least 10 characters): ');
  const second = await promptHidden('the same password again: ');
  if (first !== second) throw new DomainError('validation', 'the two passwords differ: no account was created');
  return first;
}

export function userCommand(): Command {
  const user = new Command('user').description('manage staff accounts');
  user
    .command('add')
    .description('create a staff account that can log in to the web app')
    .requiredOption('--email <email>', 'login e-mail address (unique in this installation)')
    .requiredOption('--name <name>', 'the name shown in the web app')
    .addOption(new Option('--role <role>', 'what the account may do').choices(roles).makeOptionMandatory())
    .option('--unit <slug>', 'the unit (required for --role unit_staff)')
    .option('--house <slug>', 'the house (may be left out when there is exactly one)')
    .option('--password <password>', 'the password (ends up in your shell history; leave out to be asked, or to get a generated one without a terminal)')
    .addOption(new Option('--language <language>', 'language of the web app').choices(staffLanguages).default('de'))
    .addHelpText(
      'after',
      [
        '',
        'Roles: owner (everything, including staff and API keys), marketing (programme and imports),',
        'dialogue and analyst (read the programme), unit_staff (programme of one unit, needs --unit).',
        '',
        'Examples:',
        '  foyer user add --email anna@theater.example --name "Anna Berg" --role owner',
        '  foyer user add --email jo@theater.example --name "Jo Kim" --role unit_staff --unit junges-haus',
      ].join('\n'),
    )
    .action(async (options: UserAddOptions) => {
      const config = loadConfig();
      const database = await openDatabase(config.database);
      try {
        await migrateToLatest(database);
        const catalogue = createCatalogueService({ database, clock: systemClock });
        const auth = createAuthService({ database, clock: systemClock, sessionHours: config.sessionHours, catalogue });
        await addUser(
          {
            auth,
            catalogue,
            askPassword: process.stdin.isTTY && process.stdout.isTTY ? askPasswordTwice : undefined,
            print: (line) => console.log(line),
          },
          options,
        );
      } finally {
        await database.close();
      }
    });
  return user;
}
