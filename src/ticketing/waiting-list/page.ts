import { escapeHtml, publicPageCsp } from '../../core/http/public-page.ts';
import { formatMoney } from '../tickets/model.ts';
import { deadline, fieldError, type Language, performanceTime, texts } from './texts.ts';

/*
 * The offer page, pure: data in, HTML out. A plain form that works without JavaScript
 * and on a phone (one column, large controls), labelled for screen readers, errors
 * listed on top and beside their fields. No script and one stylesheet, allowed by its
 * hash in the page's Content-Security-Policy, as the audience's public pages do; the
 * form may post only back to Foyer.
 */

const stylesheet = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}',
  'h1{font-size:1.5rem;margin:.25rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}.house{margin:0;color:#57606a}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}dt{font-weight:600}dd{margin:0}',
  '.until{background:#fff8c5;border-radius:6px;padding:.5rem .75rem}',
  'label{display:block;font-weight:600;margin:.75rem 0 .25rem}',
  'input[type=text],input[type=email],select{box-sizing:border-box;width:100%;font:inherit;padding:.6rem;border:1px solid #8c959f;border-radius:6px}',
  'fieldset{border:1px solid #d0d7de;border-radius:8px;padding:.5rem 1rem 1rem;margin:1rem 0}legend{font-weight:600;padding:0 .25rem}',
  '.choice{display:flex;gap:.6rem;align-items:flex-start;font-weight:400;margin:.6rem 0}.choice input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none}',
  '.note{color:#57606a;font-size:.95rem;margin:.25rem 0 0}',
  '.error{color:#cf222e;font-weight:600;margin:.25rem 0 0}input[aria-invalid=true]{border-color:#cf222e;border-width:2px}',
  '.errors{border:2px solid #cf222e;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}.errors ul{margin:.25rem 0;padding-left:1.25rem}',
  'button{font:inherit;font-weight:600;width:100%;padding:.8rem 1rem;margin-top:1rem;border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;cursor:pointer}',
  '.notice{background:#dafbe1;border-radius:6px;padding:.5rem 1rem}.lang{float:right;margin:0}a{color:#0969da}',
  ':focus-visible{outline:3px solid #0969da;outline-offset:2px}',
].join('');

/** No script, no frames, forms only back to Foyer, the one stylesheet above. */
export const offerPageCsp = publicPageCsp(stylesheet, { forms: true });

function frame(language: Language, title: string, body: string, options: { houseName?: string; languageSwitch?: string } = {}): string {
  const house = options.houseName === undefined ? '' : `<p class="house">${escapeHtml(options.houseName)}</p>`;
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title><style>${stylesheet}</style></head>
<body>${options.languageSwitch ?? ''}${house}<main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

export type PublicPaymentMethod = 'box_office' | 'invoice';

export interface OfferView {
  language: Language;
  house: { name: string; timeZone: string };
  entryId: string;
  holdToken: string;
  title: string;
  startsAt: string;
  hall: string | null;
  category: string;
  /** The reduced tariff's name; null: the full price. */
  tariff: string | null;
  quantity: number;
  totalMinor: number;
  currency: string;
  expiresAt: string;
  paymentMethods: readonly PublicPaymentMethod[];
}

export interface OfferFormState {
  name: string;
  email: string;
  language: Language;
  newsletter: boolean;
  recommendations: boolean;
  paymentMethod: string | null;
  errors: readonly { field: string; message: string }[];
}

function offerPath(entryId: string): string {
  return `/public/waiting-list/offers/${encodeURIComponent(entryId)}`;
}

function errorOf(form: OfferFormState, field: string, language: Language): string | null {
  const error = form.errors.find((e) => e.field === field);
  return error === undefined ? null : fieldError(field, error.message, language);
}

function textField(input: { id: string; type: 'text' | 'email'; label: string; value: string; autocomplete: string; error: string | null }): string {
  const described = input.error === null ? '' : ` aria-invalid="true" aria-describedby="${input.id}-error"`;
  const error = input.error === null ? '' : `<p class="error" id="${input.id}-error">${escapeHtml(input.error)}</p>`;
  return `<label for="${input.id}">${escapeHtml(input.label)}</label>
<input type="${input.type}" id="${input.id}" name="${input.id}" value="${escapeHtml(input.value)}" autocomplete="${input.autocomplete}" required maxlength="${input.type === 'email' ? 254 : 200}"${described}>${error}`;
}

export function offerPage(view: OfferView, form: OfferFormState): string {
  const { language } = view;
  const t = texts[language];
  const total = formatMoney(view.totalMinor, view.currency, language);
  const until = deadline(view.expiresAt, view.house.timeZone, language);
  const facts: [string, string][] = [
    [t.performance, view.title],
    [t.when, performanceTime(view.startsAt, view.house.timeZone, language)],
    ...(view.hall === null ? [] : [[t.hall, view.hall] as [string, string]]),
    [t.category, view.category],
    [t.tariff, view.tariff ?? t.fullPrice],
    [t.quantity, String(view.quantity)],
    [t.total, total],
  ];
  const summary =
    form.errors.length === 0
      ? ''
      : `<div class="errors" role="alert" tabindex="-1"><p><strong>${escapeHtml(t.errorsTitle)}</strong></p><ul>${form.errors
          .map((e) => `<li><a href="#${escapeHtml(e.field === 'paymentMethod' ? `paymentMethod-${view.paymentMethods[0] ?? 'box_office'}` : e.field)}">${escapeHtml(fieldError(e.field, e.message, language))}</a></li>`)
          .join('')}</ul></div>`;
  const paymentError = errorOf(form, 'paymentMethod', language);
  const chosen = form.paymentMethod ?? (view.paymentMethods.length === 1 ? view.paymentMethods[0] : null);
  const payment = view.paymentMethods
    .map(
      (method) =>
        `<label class="choice" for="paymentMethod-${method}"><input type="radio" id="paymentMethod-${method}" name="paymentMethod" value="${method}" required${chosen === method ? ' checked' : ''}> ${escapeHtml(t.paymentMethods[method])}</label>`,
    )
    .join('');
  const languages = (['de', 'en'] as const)
    .map((code) => `<option value="${code}"${form.language === code ? ' selected' : ''}>${code === 'de' ? 'Deutsch' : 'English'}</option>`)
    .join('');
  const other: Language = language === 'de' ? 'en' : 'de';
  const switchHref = `${offerPath(view.entryId)}?${new URLSearchParams({ hold: view.holdToken, lang: other }).toString()}`;
  const body = `<dl>${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>
<p class="until" data-testid="until">${escapeHtml(t.validUntil)}: <strong>${escapeHtml(until)}</strong></p>
${summary}
<form method="post" action="${escapeHtml(offerPath(view.entryId))}?lang=${language}">
<input type="hidden" name="hold" value="${escapeHtml(view.holdToken)}">
<h2>${escapeHtml(t.yourDetails)}</h2>
${textField({ id: 'name', type: 'text', label: t.name, value: form.name, autocomplete: 'name', error: errorOf(form, 'name', language) })}
${textField({ id: 'email', type: 'email', label: t.email, value: form.email, autocomplete: 'email', error: errorOf(form, 'email', language) })}
<label for="language">${escapeHtml(t.language)}</label>
<select id="language" name="language">${languages}</select>
<fieldset${paymentError === null ? '' : ' aria-describedby="paymentMethod-error"'}><legend>${escapeHtml(t.payment)}</legend>${payment}${paymentError === null ? '' : `<p class="error" id="paymentMethod-error">${escapeHtml(paymentError)}</p>`}</fieldset>
<fieldset><legend>${escapeHtml(t.marketing)}</legend>
<label class="choice" for="newsletter"><input type="checkbox" id="newsletter" name="newsletter" value="yes"${form.newsletter ? ' checked' : ''}> ${escapeHtml(t.newsletter)}</label>
<label class="choice" for="recommendations"><input type="checkbox" id="recommendations" name="recommendations" value="yes"${form.recommendations ? ' checked' : ''}> ${escapeHtml(t.recommendations)}</label>
<p class="note">${escapeHtml(t.marketingNote)}</p></fieldset>
<button type="submit">${escapeHtml(t.book(total))}</button>
</form>`;
  return frame(language, t.offerTitle, body, {
    houseName: view.house.name,
    languageSwitch: `<p class="lang"><a href="${escapeHtml(switchHref)}" hreflang="${other}" lang="${other}">${escapeHtml(texts[language].otherLanguage)}</a></p>`,
  });
}

export function bookedPage(language: Language, house: { name: string }, order: { number: string; ticketsUrl?: string | undefined }, again = false): string {
  const t = texts[language];
  const tickets = order.ticketsUrl === undefined ? '' : `<p><a href="${escapeHtml(order.ticketsUrl)}">${escapeHtml(t.showTickets)}</a></p>`;
  const text = again ? t.alreadyBookedText(order.number) : t.bookedText(order.number);
  return frame(language, t.bookedTitle, `<p class="notice" role="status" data-testid="order-number" data-number="${escapeHtml(order.number)}">${escapeHtml(text)}</p><p>${escapeHtml(t.mailFollows)}</p>${tickets}`, {
    houseName: house.name,
  });
}

export type MessageKind = 'ranOut' | 'notFound' | 'badRequest' | 'tooMany';

export function messagePage(language: Language, kind: MessageKind, houseName?: string): string {
  const t = texts[language];
  const messages: Record<MessageKind, [string, string]> = {
    ranOut: [t.ranOutTitle, t.ranOutText],
    notFound: [t.notFoundTitle, t.notFoundText],
    badRequest: [t.badRequestTitle, t.badRequestText],
    tooMany: [t.tooManyTitle, t.tooManyText],
  };
  const [title, text] = messages[kind];
  return frame(language, title, `<p data-testid="${kind}">${escapeHtml(text)}</p>`, houseName === undefined ? {} : { houseName });
}
