import { escapeHtml, publicPageCsp } from '../../core/http/public-page.ts';
import type { MailLanguage } from '../../core/mail/model.ts';
import type { UnsubscribeView } from './service.ts';
import { envelopeTexts } from './texts.ts';

/*
 * The unsubscribe pages: plain HTML, one inline stylesheet, no script (the CSP forbids
 * any), a form that posts the RFC 8058 body back to the same address, so the button
 * works without cookies or JavaScript exactly as a mail client's one-click does.
 */

const stylesheet = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}',
  'h1{font-size:1.6rem}button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #cf222e;background:#cf222e;color:#fff;cursor:pointer}',
  '.lang{float:right}a{color:#0969da}',
].join('');

export const unsubscribePageCsp = publicPageCsp(stylesheet, { forms: true });

function frame(language: MailLanguage, title: string, body: string, switcher = ''): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title><style>${stylesheet}</style></head>
<body>${switcher}<main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

function preferences(view: UnsubscribeView): string {
  return view.preferenceUrl === null ? '' : `<p><a href="${escapeHtml(view.preferenceUrl)}">${escapeHtml(envelopeTexts[view.language].preferencesLink)}</a></p>`;
}

/** The question, with the button; `action` is the page's own path, so the form posts where the mail's header points. */
export function unsubscribePromptPage(view: UnsubscribeView, action: string): string {
  const words = envelopeTexts[view.language];
  const other: MailLanguage = view.language === 'de' ? 'en' : 'de';
  const switcher = `<p class="lang"><a href="${escapeHtml(`${action}?lang=${other}`)}">${escapeHtml(envelopeTexts[other].switchTo)}</a></p>`;
  return frame(
    view.language,
    words.unsubscribeTitle,
    `<p>${escapeHtml(words.unsubscribeQuestion(view.houseName, words.purposes[view.purpose]))}</p>
<form method="post" action="${escapeHtml(`${action}?lang=${view.language}`)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(words.unsubscribeButton)}</button></form>
${preferences(view)}`,
    switcher,
  );
}

export function unsubscribedPage(view: UnsubscribeView): string {
  const words = envelopeTexts[view.language];
  return frame(view.language, words.unsubscribedTitle, `<p data-testid="unsubscribed">${escapeHtml(words.unsubscribedBody(view.houseName, words.purposes[view.purpose]))}</p>\n${preferences(view)}`);
}

export function linkErrorPage(language: MailLanguage, kind: 'notFound' | 'tooMany'): string {
  const words = envelopeTexts[language];
  return kind === 'notFound' ? frame(language, words.notFoundTitle, `<p>${escapeHtml(words.notFoundBody)}</p>`) : frame(language, words.tooManyTitle, `<p>${escapeHtml(words.tooManyBody)}</p>`);
}
