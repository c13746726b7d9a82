import { escapeHtml, publicPageCsp as pageCsp } from '../../core/http/public-page.ts';
import type { Language } from './texts.ts';

/*
 * The frame of the public pages (confirmation, preference centre): plain HTML forms that
 * work without JavaScript, one stylesheet inline. Their Content-Security-Policy allows
 * exactly that stylesheet (by its hash) and no script at all, so even a text that
 * slipped through escaping could not run.
 */

export { escapeHtml };

const stylesheet = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}',
  'h1{font-size:1.6rem;margin-bottom:.5rem}h2{font-size:1.2rem;margin-top:2rem}',
  'fieldset{border:0;padding:0;margin:1rem 0}',
  '.purpose{border:1px solid #d0d7de;border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}',
  '.purpose label{font-weight:600;display:flex;gap:.5rem;align-items:center}',
  '.purpose p{margin:.25rem 0 0 1.75rem;color:#57606a;font-size:.95rem}',
  'button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;cursor:pointer}',
  'button.danger{background:#cf222e;border-color:#cf222e}',
  '.notice{background:#dafbe1;border-radius:6px;padding:.5rem 1rem}',
  '.lang{float:right}a{color:#0969da}',
].join('');

/** The page's CSP: no script, no frames, forms only back to Foyer, the one stylesheet above. */
export const publicPageCsp = pageCsp(stylesheet, { forms: true });

export function page(language: Language, title: string, body: string, options: { houseName?: string; languageSwitch?: string } = {}): string {
  const heading = options.houseName === undefined ? '' : `<p>${escapeHtml(options.houseName)}</p>`;
  const switcher = options.languageSwitch ?? '';
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title><style>${stylesheet}</style></head>
<body>${switcher}${heading}<main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}
