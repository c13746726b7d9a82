import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../testing/app.ts';
import { addUser, type UserAddDependencies, userCommand } from './cli.ts';

describe('foyer user add', () => {
  let t: TestApp;
  let printed: string[];
  beforeEach(async () => {
    t = await createTestApp();
    printed = [];
  });
  afterEach(async () => {
    await t.close();
  });

  function deps(askPassword?: () => Promise<string>): UserAddDependencies {
    return { auth: t.foyer.services.auth, catalogue: t.foyer.services.catalogue, askPassword, print: (line) => printed.push(line) };
  }

  const login = (email: string, password: string) =>
    t.foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

  it('uses the only house and prints a generated password once, which then logs in', async () => {
    const { staff, house } = await addUser(deps(), { email: 'Anna@Theater.example', name: 'Anna Berg', role: 'owner', language: 'de' });
    expect(house.id).toBe(t.house.id);
    expect(staff).toMatchObject({ email: 'anna@theater.example', role: 'owner' });
    const line = printed.find((l) => l.startsWith('password'));
    const password = line?.split(': ')[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect((await login('anna@theater.example', password)).statusCode).toBe(200);
  });

  it('asks for the password on a terminal and never prints it', async () => {
    await addUser(deps(async () => 'Vorhang auf 2026'), { email: 'jo@theater.example', name: 'Jo', role: 'analyst', language: 'en' });
    expect(printed.join('\n')).not.toContain('Vorhang');
    expect((await login('jo@theater.example', 'Vorhang auf 2026')).statusCode).toBe(200);
  });

  it('takes --password as given and refuses one that breaks the policy', async () => {
    await addUser(deps(), { email: 'a@theater.example', name: 'A', role: 'marketing', password: 'Generalprobe!', language: 'de' });
    expect(printed.join('\n')).not.toContain('Generalprobe');
    await expect(addUser(deps(), { email: 'b@theater.example', name: 'B', role: 'marketing', password: 'kurz', language: 'de' })).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('needs --house when there are several houses', async () => {
    const other = await insertTestHouse(t.foyer, { slug: 'nachbarbuehne' });
    await expect(addUser(deps(), { email: 'a@theater.example', name: 'A', role: 'owner', language: 'de' })).rejects.toThrow(/--house.*nachbarbuehne/);
    const { house } = await addUser(deps(), { email: 'a@theater.example', name: 'A', role: 'owner', house: 'nachbarbuehne', language: 'de' });
    expect(house.id).toBe(other.id);
  });

  it('puts unit staff into the unit named by its slug', async () => {
    const unit = await t.foyer.services.catalogue.createUnit({ houseId: t.house.id, unitId: null }, { slug: 'junges-haus', name: { de: 'Junges Haus' } });
    const { staff } = await addUser(deps(), { email: 'u@theater.example', name: 'U', role: 'unit_staff', unit: 'junges-haus', language: 'de' });
    expect(staff.unitId).toBe(unit.id);
    await expect(addUser(deps(), { email: 'v@theater.example', name: 'V', role: 'unit_staff', unit: 'gibt-es-nicht', language: 'de' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(addUser(deps(), { email: 'w@theater.example', name: 'W', role: 'unit_staff', language: 'de' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('explains roles and options in --help', () => {
    const help = userCommand().commands.find((c) => c.name() === 'add')?.helpInformation() ?? '';
    for (const text of ['--email', '--role', 'unit_staff', '--unit', '--house', '--password']) expect(help).toContain(text);
  });
});
