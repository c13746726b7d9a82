import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFoyerCommand, type FoyerCommand } from '../core/testing/cli.ts';

/*
 * `foyer ask` as a person runs it: a real process on a SQLite file with one house. The
 * answer, the conversation id for the next call, and the JSON shape.
 */

let foyer: FoyerCommand;

beforeAll(async () => {
  foyer = await createFoyerCommand('foyer-ask-');
});

afterAll(() => {
  foyer.remove();
});

describe('foyer ask', () => {
  it('answers as JSON and continues the conversation it names', async () => {
    const first = foyer.run('ask', 'Ich möchte mit einem Menschen sprechen', '--json');
    expect(first.status, first.stderr).toBe(0);
    const turn = JSON.parse(first.stdout) as { conversationId: string; reply: { text: string }[]; intent: string; confidence: number; entities: object; handover: boolean };
    expect(Object.keys(turn)).toEqual(['conversationId', 'reply', 'intent', 'confidence', 'entities', 'handover']);
    expect(turn).toMatchObject({ intent: 'handover', handover: true });
    expect(turn.reply[0]?.text).toContain('Team');

    const next = foyer.run('ask', 'anna@example.org', '--conversation', turn.conversationId);
    expect(next.status, next.stderr).toBe(0);
    expect(next.stdout).toContain(`conversation ${turn.conversationId} (handed_over, de)`);
    expect(next.stdout).toContain('notiert');
  });

  it('prints the answer as text and refuses an unknown house', async () => {
    const text = foyer.run('ask', 'Hallo', '--house', 'stadttheater');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Guten Tag! Wobei kann ich Ihnen helfen?');
    expect(text.stdout).toMatch(/intent greeting \(\d\.\d\d\)/);
    const unknown = foyer.run('ask', 'Hallo', '--house', 'nirgendwo');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no house nirgendwo');
  });
});
