import { z } from 'zod';
import { defineMail } from '../../core/mail/outbox.ts';
import type { MailMessage } from '../../core/mail/model.ts';
import { escapeHtml } from '../../core/http/public-page.ts';
import type { Language } from '../nlu/types.ts';
import { texts } from '../dialogue/texts.ts';

/*
 * The verification code for sending tickets again. The job holds the conversation and the
 * code, never the address: the composer reads the address from the conversation when it
 * sends, so an erased conversation gets no mail.
 */

export const verificationCodeMail = defineMail('assistant.verification_code', z.object({ houseId: z.string(), conversationId: z.string(), code: z.string().regex(/^\d{6}$/) }));

export function codeMail(input: { to: string; code: string; language: Language; house: { name: string; email: string | null } }): MailMessage {
  const t = texts[input.language].codeMail;
  const lines = [t.greeting, '', t.body(input.house.name), '', input.code, '', t.validity, '', input.house.name];
  return {
    to: input.to,
    subject: t.subject(input.house.name),
    text: lines.join('\n'),
    html:
      `<p>${escapeHtml(t.greeting)}</p><p>${escapeHtml(t.body(input.house.name))}</p>` +
      `<p style="font-size:28px;letter-spacing:6px;font-family:'Courier New',monospace"><strong>${escapeHtml(input.code)}</strong></p>` +
      `<p>${escapeHtml(t.validity)}</p><p>${escapeHtml(input.house.name)}</p>`,
    language: input.language,
    fromName: input.house.name,
    replyTo: input.house.email,
  };
}
