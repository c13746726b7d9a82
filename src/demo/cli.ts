import { Command } from 'commander';
import { createFoyer, type Foyer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { readDemoFiles } from './data.ts';
import { DEMO_PASSWORD, demoAccounts, type SeedResult, seedDemoHouse } from './seed.ts';

/* `foyer demo`, and the demo part of `foyer serve --demo` (what `npm start` runs). */

type DemoFoyer = Pick<Foyer, 'services' | 'config' | 'database' | 'clock'>;

/** How to log in to the demo: the URL, every account with its role, and the password. */
export function loginLines(url: string, accounts: { email: string; role: string; unit: string | null }[] = demoAccounts()): string[] {
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    `Log in at ${url} as one of the demo accounts, password ${DEMO_PASSWORD}:`,
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.role}${a.unit === null ? '' : ` (${a.unit})`}`),
  ];
}

function summary(result: SeedResult, ms: number): string {
  if (!result.created) return `The demo house ${result.house.name} is already there; nothing was changed.`;
  return (
    `Seeded the demo house ${result.house.name}: ${result.productions} productions, ${result.performances} performances, ` +
    `${result.priceCategories} price categories, ${result.staff.length} accounts, ${result.audience.contacts} contacts, ` +
    `${result.audience.segments} segments, ${result.sales.tickets} tickets sold for the next ${result.sales.performances} performances, ` +
    `${result.campaigns.rules} autopilot rules and ${result.campaigns.campaigns} campaigns (${(ms / 1000).toFixed(1)} s).`
  );
}

export async function seedAndDescribe(foyer: DemoFoyer): Promise<{ result: SeedResult; lines: string[] }> {
  const started = performance.now();
  const result = await seedDemoHouse(foyer);
  return { result, lines: [summary(result, performance.now() - started)] };
}

/**
 * For `foyer serve --demo`: seeds the demo into a database that has no house yet. Returns
 * what to print after the server listens: the login when the demo house is (now) there,
 * nothing when the database belongs to a real house.
 */
export async function prepareDemo(foyer: DemoFoyer): Promise<string[]> {
  if ((await foyer.services.catalogue.countHouses()) === 0) {
    const { lines } = await seedAndDescribe(foyer);
    return [...lines, ...loginLines(foyer.config.publicUrl)];
  }
  const files = readDemoFiles();
  const houses = await foyer.services.catalogue.listHouses();
  return houses.some((house) => house.slug === files.house.house.slug) ? loginLines(foyer.config.publicUrl, demoAccounts(files)) : [];
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('seed the demo house (Theater Auenstadt, season 2026/27) with its staff accounts')
    .addHelpText(
      'after',
      [
        '',
        'Creates a fictional municipal theatre with a museum and a young-audience unit: 43 productions,',
        'about 400 performances, prices, one staff account per role (password foyer-demo), and an invented',
        'audience of 1,500 contacts with consents, bookings and newsletter history, and six saved segments.',
        'Running it again changes nothing. The data lives in examples/demo-house/*.json.',
        '`npm start` (foyer serve --demo) seeds it by itself when the database has no house yet.',
      ].join('\n'),
    )
    .action(async () => {
      const config = loadConfig();
      const foyer = await createFoyer({ config });
      try {
        const { lines } = await seedAndDescribe(foyer);
        for (const line of [...lines, 'Start Foyer with `foyer serve`, then:', ...loginLines(config.publicUrl)]) console.log(line);
      } finally {
        await foyer.close();
      }
    });
}
