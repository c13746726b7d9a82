import { createHash } from 'node:crypto';
import { scriptSafeJson } from '../../ticketing/widget/script.ts';
import { chatClient } from './client.ts';
import { chatStyle } from './style.ts';
import { type ChatLanguage, chatTexts } from './texts.ts';

/*
 * The chat widget's script with one house baked in: its name, slug and language. Served as
 * /public/houses/<slug>/assistant.js; see client.ts for what runs in the browser.
 */

/** What a visitor may type in one message: the public conversation API refuses more. */
export const MAX_MESSAGE_LENGTH = 1000;

export interface ChatScriptInput {
  /** Where the /public routes of this house are, when the script cannot tell from its own address. */
  endpoint: string;
  houseSlug: string;
  house: { name: string; defaultLanguage: ChatLanguage };
}

/** The script and its ETag, the hash of exactly these bytes. */
export function chatScript(input: ChatScriptInput): { body: string; etag: string } {
  const json = scriptSafeJson({ ...input, maxLength: MAX_MESSAGE_LENGTH, texts: chatTexts });
  // Our own rules first: a house's name may hold any string, '__STYLE__' included.
  const body = chatClient.replace('__STYLE__', () => scriptSafeJson(chatStyle)).replace('__CONFIG__', () => json);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
