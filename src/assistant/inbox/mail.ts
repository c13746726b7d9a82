import { z } from 'zod';
import { escapeHtml } from '../../core/http/public-page.ts';
import type { MailLanguage, MailMessage } from '../../core/mail/model.ts';
import { defineMail } from '../../core/mail/outbox.ts';

/*
 * A staff reply by mail, for a visitor who left the chat but gave an address. The job
 * carries ids only (core/mail/outbox.ts): the mail is composed when it is sent, in the
 * conversation's language, from the house; a conversation deleted in between (erasure,
 * retention) gets no mail. A reply to the mail reaches the house's own address.
 */

export const staffReplyMail = defineMail('assistant.staff_reply', z.object({ houseId: z.string(), conversationId: z.string(), messageId: z.string() }));

export interface StaffReplyMailInput {
  house: { name: string; email: string | null };
  to: { email: string; name: string | null };
  language: MailLanguage;
  /** The visitor's last message before the reply: what the answer is to. */
  question: string | null;
  reply: string;
  staffName: string | null;
}

const texts = {
  de: {
    subject: (house: string) => `Ihre Frage an ${house}: unsere Antwort`,
    greeting: (name: string | null) => (name === null ? 'Guten Tag,' : `Guten Tag ${name},`),
    intro: 'Sie haben uns über den Chat auf unserer Website geschrieben. Leider waren Sie nicht mehr da, als unsere Antwort kam, deshalb schicken wir sie Ihnen per E-Mail.',
    yourQuestion: 'Ihre Nachricht:',
    ourAnswer: 'Unsere Antwort:',
    replyHint: 'Wenn Sie noch Fragen haben, antworten Sie einfach auf diese E-Mail.',
    regards: 'Freundliche Grüße',
  },
  en: {
    subject: (house: string) => `Your question to ${house}: our answer`,
    greeting: (name: string | null) => (name === null ? 'Hello,' : `Hello ${name},`),
    intro: 'You wrote to us through the chat on our website. You had left by the time our answer came, so we are sending it to you by e-mail.',
    yourQuestion: 'Your message:',
    ourAnswer: 'Our answer:',
    replyHint: 'If you have more questions, simply reply to this e-mail.',
    regards: 'Kind regards',
  },
} as const;

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
}

export function staffReplyMessage(input: StaffReplyMailInput): MailMessage {
  const t = texts[input.language];
  const signature = [input.staffName, input.house.name].filter((line): line is string => line !== null);
  const text = [
    t.greeting(input.to.name),
    '',
    t.intro,
    '',
    ...(input.question === null ? [] : [t.yourQuestion, ...input.question.split('\n').map((line) => `> ${line}`), '']),
    t.ourAnswer,
    '',
    input.reply,
    '',
    ...(input.house.email === null ? [] : [t.replyHint, '']),
    t.regards,
    ...signature,
  ].join('\n');
  const html = `<!doctype html><html lang="${input.language}"><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:560px;margin:0 auto;padding:16px">
<p>${escapeHtml(t.greeting(input.to.name))}</p>
<p>${escapeHtml(t.intro)}</p>
${input.question === null ? '' : `<p style="color:#555">${escapeHtml(t.yourQuestion)}</p><blockquote style="margin:0 0 12px 0;padding-left:12px;border-left:3px solid #ccc;color:#555">${paragraphs(input.question)}</blockquote>`}
<p><strong>${escapeHtml(t.ourAnswer)}</strong></p>
${paragraphs(input.reply)}
${input.house.email === null ? '' : `<p>${escapeHtml(t.replyHint)}</p>`}
<p>${escapeHtml(t.regards)}<br>${signature.map(escapeHtml).join('<br>')}</p>
</body></html>`;
  return {
    to: input.to.email,
    toName: input.to.name,
    subject: t.subject(input.house.name),
    text,
    html,
    language: input.language,
    fromName: input.house.name,
    replyTo: input.house.email,
  };
}
