import type { MailMessage } from '../../core/mail/model.ts';
import { CONFIRMATION_HOURS, type MarketingPurpose } from '../model.ts';
import { escapeHtml } from './html.ts';
import { type Language, purposeLabels, texts } from './texts.ts';

/*
 * The mails of the sign-up, composed when the mail/send job runs. Plain text first (it
 * is what many readers and every filter see) and a simple HTML twin. Every mail ends
 * with the person's preference-centre link, and carries it in List-Unsubscribe.
 */

export interface MailHouse {
  name: string;
  email: string | null;
}

export interface MailRecipient {
  email: string;
  name: string | null;
  language: Language;
}

function footer(language: Language, preferenceUrl: string): { text: string; html: string } {
  const t = texts[language];
  return {
    text: `\n-- \n${t.mailFooter}\n${preferenceUrl}\n`,
    html: `<hr style="border:0;border-top:1px solid #ddd;margin:2rem 0 1rem"><p style="font-size:13px;color:#666">${escapeHtml(t.mailFooter)}<br><a href="${escapeHtml(preferenceUrl)}">${escapeHtml(preferenceUrl)}</a></p>`,
  };
}

function wrap(body: string): string {
  return `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:560px;margin:0 auto;padding:16px">${body}</body></html>`;
}

export function confirmationMail(input: {
  house: MailHouse;
  to: MailRecipient;
  purposes: readonly MarketingPurpose[];
  confirmUrl: string;
  preferenceUrl: string;
}): MailMessage {
  const { house, to, confirmUrl, preferenceUrl } = input;
  const language = to.language;
  const t = texts[language];
  const labels = input.purposes.map((purpose) => purposeLabels[language][purpose]);
  const end = footer(language, preferenceUrl);
  const text = [
    t.confirmGreeting(to.name),
    '',
    t.confirmIntro(house.name),
    ...labels.map((label) => `  - ${label}`),
    '',
    t.confirmAction,
    confirmUrl,
    '',
    t.confirmIgnore(CONFIRMATION_HOURS),
    end.text,
  ].join('\n');
  const html = wrap(
    [
      `<p>${escapeHtml(t.confirmGreeting(to.name))}</p>`,
      `<p>${escapeHtml(t.confirmIntro(house.name))}</p>`,
      `<ul>${labels.map((label) => `<li>${escapeHtml(label)}</li>`).join('')}</ul>`,
      `<p>${escapeHtml(t.confirmAction)}</p>`,
      `<p><a href="${escapeHtml(confirmUrl)}" style="display:inline-block;background:#1f6feb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(t.confirmButton)}</a></p>`,
      `<p style="font-size:13px;color:#666">${escapeHtml(confirmUrl)}</p>`,
      `<p>${escapeHtml(t.confirmIgnore(CONFIRMATION_HOURS))}</p>`,
      end.html,
    ].join('\n'),
  );
  return {
    to: to.email,
    toName: to.name,
    subject: t.confirmSubject(house.name),
    text,
    html,
    language,
    fromName: house.name,
    replyTo: house.email,
    headers: { 'List-Unsubscribe': `<${preferenceUrl}>` },
  };
}
