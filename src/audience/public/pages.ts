import type { MarketingPurpose } from '../model.ts';
import { escapeHtml, page } from './html.ts';
import { formatDate, type Language, purposeLabels, statusLabels, texts } from './texts.ts';

/*
 * The HTML of the confirmation and the preference centre, pure: data in, a page out.
 * Forms post back to the address they were served from (no action attribute), so the
 * pages work behind any host name; links are root-relative.
 */

export interface PageHouse {
  name: string;
  timeZone: string;
}

function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

/** GET of a confirmation link: only a button. Mail scanners fetch links; they do not press buttons. */
export function confirmPromptPage(language: Language): string {
  const t = texts[language];
  return page(language, t.confirmTitle, `${paragraph(t.confirmPrompt)}<form method="post"><button type="submit">${escapeHtml(t.confirmButton)}</button></form>`);
}

export interface GrantedPurpose {
  purpose: MarketingPurpose;
  expiresAt: string | null;
}

export function confirmedPage(language: Language, house: PageHouse, granted: readonly GrantedPurpose[], preferencePath: string): string {
  const t = texts[language];
  const items = granted
    .map((entry) => {
      const until = entry.expiresAt === null ? '' : ` (${t.validUntil(formatDate(entry.expiresAt, language, house.timeZone))})`;
      return `<li>${escapeHtml(purposeLabels[language][entry.purpose] + until)}</li>`;
    })
    .join('');
  const body = `${paragraph(t.confirmedIntro)}<ul data-testid="granted">${items}</ul><p><a href="${escapeHtml(preferencePath)}">${escapeHtml(t.mailFooter)}</a></p>`;
  return page(language, t.confirmedTitle, body, { houseName: house.name });
}

export type MessageKind = 'gone' | 'notFound' | 'erased' | 'tooMany' | 'badRequest';

export function messagePage(language: Language, kind: MessageKind, detail?: string): string {
  const t = texts[language];
  const messages: Record<MessageKind, [string, string]> = {
    gone: [t.goneTitle, t.goneText],
    notFound: [t.notFoundTitle, t.notFoundText],
    erased: [t.erasedTitle, t.erasedText],
    tooMany: [t.tooManyTitle, t.tooMany],
    badRequest: [t.badRequestTitle, t.failed],
  };
  const [title, text] = messages[kind];
  return page(language, title, paragraph(text) + (detail === undefined ? '' : `<p><small>${escapeHtml(detail)}</small></p>`));
}

export interface PurposeState {
  purpose: MarketingPurpose;
  /** granted (and valid), pending, revoked, expired, or none (never asked). */
  status: 'granted' | 'pending' | 'revoked' | 'expired' | 'none';
  grantedAt: string | null;
  expiresAt: string | null;
  /** The consent text of the house's policy in the reader's language. */
  text: string;
}

export interface PreferencesView {
  house: PageHouse;
  email: string;
  purposes: readonly PurposeState[];
  /** /public/preferences/<token> */
  path: string;
}

function languageSwitch(language: Language, path: string): string {
  const other: Language = language === 'de' ? 'en' : 'de';
  return `<p class="lang"><a href="${escapeHtml(path)}?lang=${other}" hreflang="${other}" lang="${other}">${escapeHtml(texts[language].otherLanguage)}</a></p>`;
}

/** Ticked: granted, or asked for and waiting for its confirmation (saving again must not withdraw it). */
function wanted(state: PurposeState): boolean {
  return state.status === 'granted' || state.status === 'pending';
}

function purposeBlock(language: Language, state: PurposeState, timeZone: string): string {
  const t = texts[language];
  const facts = [statusLabels[language][state.status] ?? state.status];
  if (state.status === 'granted' && state.grantedAt !== null) facts.push(t.grantedOn(formatDate(state.grantedAt, language, timeZone)));
  if (state.status === 'granted' && state.expiresAt !== null) facts.push(t.validUntil(formatDate(state.expiresAt, language, timeZone)));
  const id = `purpose-${state.purpose}`;
  return `<div class="purpose" data-purpose="${state.purpose}">
<label for="${id}"><input type="checkbox" id="${id}" name="purpose" value="${state.purpose}"${wanted(state) ? ' checked' : ''}> ${escapeHtml(purposeLabels[language][state.purpose])}</label>
<p data-testid="status-${state.purpose}">${escapeHtml(facts.join(' · '))}</p>
<p>${escapeHtml(state.text)}</p></div>`;
}

export function preferencesPage(language: Language, view: PreferencesView, notices: readonly ('saved' | 'newsletterPending')[] = []): string {
  const t = texts[language];
  const shown = notices.map((notice) => `<p class="notice" role="status">${escapeHtml(notice === 'saved' ? t.saved : t.newsletterPending)}</p>`).join('');
  const body = `${paragraph(t.preferencesIntro(view.house.name, view.email))}${shown}
<form method="post"><input type="hidden" name="save" value="1"><fieldset>
${view.purposes.map((state) => purposeBlock(language, state, view.house.timeZone)).join('\n')}
</fieldset><button type="submit">${escapeHtml(t.save)}</button></form>
<h2>${escapeHtml(t.yourData)}</h2>
<p><a href="${escapeHtml(view.path)}/export" download>${escapeHtml(t.download)}</a></p>
<p><a href="${escapeHtml(view.path)}/erase?lang=${language}">${escapeHtml(t.deleteMe)}</a></p>`;
  return page(language, t.preferencesTitle, body, { houseName: view.house.name, languageSwitch: languageSwitch(language, view.path) });
}

/** Erasure is asked twice: a link in the preference centre leads here, the button here erases. */
export function eraseConfirmPage(language: Language, house: PageHouse, path: string): string {
  const t = texts[language];
  const body = `${paragraph(t.eraseText(house.name))}<form method="post"><input type="hidden" name="confirm" value="yes"><button type="submit" class="danger">${escapeHtml(t.eraseButton)}</button></form>
<p><a href="${escapeHtml(path)}?lang=${language}">${escapeHtml(t.cancel)}</a></p>`;
  return page(language, t.eraseTitle, body, { houseName: house.name });
}
