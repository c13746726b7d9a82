import { Command, Option } from 'commander';
import { createFoyer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { DomainError } from '../core/errors.ts';
import type { MessageDto } from './conversations/schemas.ts';
import type { TurnReport } from './service.ts';

/*
 * `foyer ask "TEXT"`: one message to the assistant from the command line, through the
 * same service the widget uses, on the configured database. It starts a conversation
 * unless --conversation continues one, and prints that conversation's id so the next
 * call can go on where this one stopped. Mails the turn sends (a verification code) wait
 * in the job queue for `foyer serve` or `foyer worker`.
 */

interface AskOptions {
  house?: string;
  conversation?: string;
  language?: 'de' | 'en';
  json?: boolean;
}

export function formatTurn(report: TurnReport): string[] {
  const lines = [`conversation ${report.conversationId} (${report.conversation.status}, ${report.conversation.language})`];
  const answers = report.messages.filter((message: MessageDto) => message.author !== 'visitor');
  for (const message of answers) {
    lines.push('', message.text);
    for (const card of message.cards ?? []) lines.push(`  ▸ ${card.title}${card.subtitle === undefined ? '' : ` — ${card.subtitle}`}${card.badge === undefined ? '' : ` [${card.badge}]`}${card.url === undefined ? '' : `\n    ${card.url}`}`);
    for (const link of message.links ?? []) lines.push(`  → ${link.label}: ${link.url}`);
    if ((message.quickReplies ?? []).length > 0) lines.push(`  [${(message.quickReplies ?? []).map((reply) => reply.label).join('] [')}]`);
  }
  lines.push('', `intent ${report.intent} (${report.confidence.toFixed(2)})${report.handover ? ', handed over to the team' : ''}`);
  return lines;
}

export function askCommand(): Command {
  return new Command('ask')
    .description('send one message to the visitor assistant and print its answer')
    .argument('<text>', 'what the visitor writes, up to 1,000 characters')
    .option('--house <id|slug>', 'the house (needed when the database holds more than one)')
    .option('--conversation <id>', 'continue this conversation (its id is printed by every call)')
    .addOption(new Option('--language <language>', 'the language of a new conversation').choices(['de', 'en']))
    .option('--json', 'print { conversationId, reply, intent, confidence, entities, handover } as JSON')
    .action(async (text: string, options: AskOptions) => {
      const foyer = await createFoyer({ config: loadConfig({ ...process.env, FOYER_LOG_LEVEL: process.env.FOYER_LOG_LEVEL ?? 'error' }) });
      try {
        let house = options.house;
        if (house === undefined && options.conversation === undefined) {
          const houses = await foyer.database.db.selectFrom('house').select(['id', 'slug']).orderBy('slug').limit(20).execute();
          if (houses.length !== 1) {
            throw new DomainError('validation', houses.length === 0 ? 'there is no house yet: run `foyer demo` or create one' : `name the house with --house (one of ${houses.map((h) => h.slug).join(', ')})`);
          }
          house = houses[0]?.slug;
        }
        const report = await foyer.services.assistant.ask(house ?? '', text, { conversationId: options.conversation, language: options.language });
        if (options.json === true) {
          const reply = report.messages.filter((message) => message.author !== 'visitor');
          console.log(JSON.stringify({ conversationId: report.conversationId, reply, intent: report.intent, confidence: report.confidence, entities: report.entities, handover: report.handover }));
        } else {
          for (const line of formatTurn(report)) console.log(line);
        }
      } finally {
        await foyer.close();
      }
    });
}
