import type { Consent } from '../consents/schemas.ts';
import { CONFIRMATION_HOURS, type MarketingPurpose, marketingPurposes } from '../model.ts';
import type { PreferencesView, PurposeState } from './pages.ts';
import type { PreferencesUpdate } from './schemas.ts';
import type { LinkHolder, PublicShared, RequestMeta } from './service.ts';
import { doubleOptInMail } from './signup.ts';
import type { Language } from './texts.ts';

/*
 * The preference centre: what a person sees and changes behind their signed link.
 * Revoking works at once. Granting the newsletter again goes through double opt-in (a
 * mail to the address, so a forwarded link cannot subscribe someone else's inbox);
 * other purposes are granted directly with source 'preference_centre'. Export and
 * erasure are the privacy service's; the link holder is the actor of everything.
 */

export interface PurposeStateWithVersion extends PurposeState {
  textVersion: string;
}

/** Pending but older than the link in its mail: asking again should send a new mail. */
function staleRequest(consent: Consent, now: Date): boolean {
  return consent.status === 'pending' && Date.parse(consent.requestedAt) + CONFIRMATION_HOURS * 3_600_000 <= now.getTime();
}

export function createPreferenceCentre(shared: PublicShared) {
  const { database, clock, consents, privacy, outbox } = shared;

  async function statesOf(holder: LinkHolder, language: Language): Promise<PurposeStateWithVersion[]> {
    const [held, policies] = await Promise.all([consents.ofContact(holder.houseId, holder.contactId), consents.policies(holder.houseId)]);
    return marketingPurposes.map((purpose) => {
      const consent = held.find((entry) => entry.purpose === purpose);
      const policy = policies.find((entry) => entry.purpose === purpose);
      const text = (language === 'en' ? policy?.textEn : null) ?? policy?.textDe ?? '';
      return {
        purpose,
        status: consent === undefined ? 'none' : consent.status,
        grantedAt: consent?.grantedAt ?? null,
        expiresAt: consent?.expiresAt ?? null,
        text,
        textVersion: policy?.textVersion ?? '',
      };
    });
  }

  async function show(holder: LinkHolder, language: Language, token: string) {
    const purposes = await statesOf(holder, language);
    const view: PreferencesView & { purposes: PurposeStateWithVersion[] } = {
      house: { name: holder.house.name, timeZone: holder.house.timeZone },
      email: holder.contact.email,
      purposes,
      path: `/public/preferences/${token}`,
    };
    return { language, view };
  }

  async function preferences(token: string, lang: string | undefined) {
    const holder = await shared.openLink(token);
    return show(holder, shared.languageFor(holder, lang), token);
  }

  /** Applies the wanted states; purposes left out stay as they are. */
  async function update(token: string, wanted: PreferencesUpdate, meta: RequestMeta, lang: string | undefined) {
    const holder = await shared.openLink(token);
    const { houseId, contactId } = holder;
    const actor = `contact:${contactId}`;
    const now = clock.now();
    const [held, policies, proof] = await Promise.all([consents.ofContact(houseId, contactId), consents.policies(houseId), shared.proofOf(houseId, meta)]);
    const pendingConfirmation: MarketingPurpose[] = [];
    await database.db.transaction().execute(async (trx) => {
      for (const purpose of marketingPurposes) {
        const want = wanted[purpose];
        if (want === undefined) continue;
        const consent = held.find((entry) => entry.purpose === purpose);
        const active = consent !== undefined && (consent.valid || (consent.status === 'pending' && !staleRequest(consent, now)));
        if (!want) {
          if (active) await consents.revoke({ houseId, contactId, purpose, actor, reason: 'withdrawn in the preference centre', executor: trx });
          continue;
        }
        if (active) continue;
        const textVersion = policies.find((entry) => entry.purpose === purpose)?.textVersion;
        const common = { houseId, contactId, purpose, source: 'preference_centre' as const, proof, actor, executor: trx, ...(textVersion ? { textVersion } : {}) };
        if (purpose === 'newsletter') {
          const { confirmationToken } = await consents.request(common);
          await outbox.enqueue(doubleOptInMail, { houseId, contactId, token: confirmationToken, purposes: [purpose] }, { executor: trx });
          pendingConfirmation.push(purpose);
        } else {
          await consents.grant({ ...common, legalBasis: 'consent' });
        }
      }
    });
    return { ...(await show(holder, shared.languageFor(holder, lang), token)), pendingConfirmation };
  }

  /** Art. 15/20: everything Foyer holds about the person, as the privacy service exports it. */
  async function exportData(token: string): Promise<{ data: unknown; contactId: string }> {
    const holder = await shared.openLink(token);
    const data = await privacy.exportContact({ houseId: holder.houseId, unitId: null }, holder.contactId, `contact:${holder.contactId}`);
    return { data, contactId: holder.contactId };
  }

  /** Art. 17: the person erases themselves; the link answers 410 from then on. */
  async function erase(token: string, lang: string | undefined): Promise<{ language: Language }> {
    const holder = await shared.openLink(token);
    const language = shared.languageFor(holder, lang);
    await privacy.erase({ houseId: holder.houseId, unitId: null }, holder.contactId, `contact:${holder.contactId}`, 'requested by the person in the preference centre');
    return { language };
  }

  /** For the erase confirmation page: the link is checked before the question is asked. */
  async function eraseQuestion(token: string, lang: string | undefined) {
    const holder = await shared.openLink(token);
    return { language: shared.languageFor(holder, lang), house: { name: holder.house.name, timeZone: holder.house.timeZone } };
  }

  return { preferences, update, exportData, erase, eraseQuestion };
}
