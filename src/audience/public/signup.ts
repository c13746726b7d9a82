import { z } from 'zod';
import { hashToken } from '../../core/auth/tokens.ts';
import type { Executor } from '../../core/db/database.ts';
import { DomainError, isDomainError } from '../../core/errors.ts';
import { defineMail } from '../../core/mail/outbox.ts';
import { findConsentByTokenHash } from '../consents/store.ts';
import { CONFIRMATION_HOURS, type ConsentSource, type MarketingPurpose, marketingPurposes } from '../model.ts';
import { confirmationMail } from './mails.ts';
import type { GrantedPurpose } from './pages.ts';
import type { SignupBody } from './schemas.ts';
import type { LinkHolder, PublicShared, RequestMeta } from './service.ts';
import { signupScript } from './signup-script.ts';
import { type Language, languageOf } from './texts.ts';

/*
 * Sign-up with double opt-in. One form, one mail, one click: every purpose ticked is
 * requested (pending, audited) in one transaction together with the mail job; the mail
 * carries the token of one of them (the newsletter's when ticked) and lists all; the
 * click confirms that one and grants the others the same link listed, with the same
 * proof. Nothing is granted before the click.
 */

/** The double opt-in mail. The job holds ids and the token, never the address. */
export const doubleOptInMail = defineMail(
  'audience/double-opt-in',
  z.object({ houseId: z.string(), contactId: z.string(), token: z.string(), purposes: z.array(z.enum(marketingPurposes)).min(1) }),
);

/** The purposes list of a confirmation link: ?purposes=newsletter,recommendations. */
export function purposesParam(value: string | undefined): MarketingPurpose[] {
  const known = new Set<string>(marketingPurposes);
  return [...new Set((value ?? '').split(','))].filter((purpose): purpose is MarketingPurpose => known.has(purpose));
}

export function createSignup(shared: PublicShared) {
  const { database, clock, catalogue, contacts, consents, outbox, publicUrl } = shared;

  outbox.register(doubleOptInMail, async ({ houseId, contactId, token, purposes }) => {
    const contact = await contacts.load({ houseId, unitId: null }, contactId).catch((error: unknown) => {
      if (isDomainError(error, 'not_found')) return null; // erased since: nobody to write to
      throw error;
    });
    if (contact === null) return null;
    const house = await catalogue.getHouse(houseId);
    const language = languageOf(contact.language, languageOf(house.defaultLanguage));
    const query = new URLSearchParams({ lang: language, purposes: purposes.join(',') });
    return confirmationMail({
      house: { name: house.name, email: house.email },
      to: { email: contact.email, name: contact.name, language },
      purposes,
      confirmUrl: `${publicUrl}/public/confirm/${encodeURIComponent(token)}?${query.toString().replaceAll('%2C', ',')}`,
      preferenceUrl: await shared.preferenceLink(houseId, contactId),
    });
  });

  async function script(houseSlug: string) {
    const house = await catalogue.getHouseBySlug(houseSlug);
    const policies = await consents.policies(house.id);
    return signupScript({
      endpoint: `${publicUrl}/public/houses/${encodeURIComponent(house.slug)}/signup`,
      houseName: house.name,
      defaultLanguage: languageOf(house.defaultLanguage),
      purposes: marketingPurposes.map((purpose) => {
        const policy = policies.find((entry) => entry.purpose === purpose);
        return { purpose, textVersion: policy?.textVersion ?? '', textDe: policy?.textDe ?? '', textEn: policy?.textEn ?? null };
      }),
    });
  }

  /**
   * Answers the same whatever the address: a new person, a known one, a bot caught by
   * the honeypot. Whoever types an address learns nothing about whether it is known.
   */
  async function signup(houseSlug: string, body: SignupBody, meta: RequestMeta): Promise<{ language: Language }> {
    const house = await catalogue.getHouseBySlug(houseSlug);
    const answer = { language: body.language ?? languageOf(house.defaultLanguage) };
    if (body.website !== undefined && body.website.trim() !== '') return answer;
    const proof = await shared.proofOf(house.id, meta);
    const lead = body.purposes.includes('newsletter') ? 'newsletter' : body.purposes[0];
    if (lead === undefined) return answer;
    await database.db.transaction().execute(async (trx) => {
      const { id: contactId } = await contacts.findOrCreate(
        { houseId: house.id, email: body.email, name: body.name ?? null, language: body.language ?? null, source: 'form' },
        { executor: trx, actor: 'system:signup_form' },
      );
      await requestWithConfirmation(trx, {
        houseId: house.id,
        contactId,
        purposes: body.purposes,
        source: 'form',
        proof,
        textVersionOf: (purpose) => body.textVersions?.[purpose] ?? body.textVersion,
      });
    });
    return answer;
  }

  /**
   * Requests each purpose (pending until the click) and queues the one double opt-in mail
   * that confirms them, in the caller's transaction: the sign-up form, and the separate,
   * unticked boxes of a booking form (ticketing).
   */
  async function requestWithConfirmation(
    trx: Executor,
    input: {
      houseId: string;
      contactId: string;
      purposes: readonly MarketingPurpose[];
      source: ConsentSource;
      proof: { ipHash?: string; userAgent?: string };
      textVersionOf?: (purpose: MarketingPurpose) => string | undefined;
    },
  ): Promise<void> {
    const { houseId, contactId, purposes } = input;
    const lead = purposes.includes('newsletter') ? 'newsletter' : purposes[0];
    if (lead === undefined) return;
    let leadToken: string | null = null;
    for (const purpose of purposes) {
      const textVersion = input.textVersionOf?.(purpose);
      const requested = await consents.request({
        houseId,
        contactId,
        purpose,
        source: input.source,
        ...(textVersion === undefined ? {} : { textVersion }),
        proof: input.proof,
        actor: `contact:${contactId}`,
        executor: trx,
      });
      if (purpose === lead) leadToken = requested.confirmationToken;
    }
    if (leadToken === null) return;
    await outbox.enqueue(doubleOptInMail, { houseId, contactId, token: leadToken, purposes: [...purposes] }, { executor: trx });
  }

  /**
   * What a confirmation link is, without using it: for the page that GET shows. Unknown
   * → not_found, used or too old → gone.
   */
  async function peekConfirmation(token: string): Promise<Pick<LinkHolder, 'houseId' | 'contactId' | 'house' | 'contact'>> {
    const row = await findConsentByTokenHash(database.db, hashToken(token));
    if (row === undefined) throw new DomainError('not_found', 'this confirmation link is unknown');
    if (row.token_spent_at !== null || Date.parse(row.requested_at) + CONFIRMATION_HOURS * 3_600_000 <= clock.now().getTime()) {
      throw new DomainError('gone', 'this confirmation link has been used or has expired');
    }
    const house = await catalogue.getHouse(row.house_id);
    const contact = await contacts.load({ houseId: row.house_id, unitId: null }, row.contact_id);
    return { houseId: row.house_id, contactId: row.contact_id, house, contact };
  }

  /**
   * The click: confirms the link's own consent, then grants the other purposes the link
   * lists that are still waiting for it (pending, or valid and asked again), each with
   * its own wording and sign-up proof plus this confirmation.
   */
  async function confirm(token: string, listed: readonly MarketingPurpose[], meta: RequestMeta, lang: string | undefined) {
    const peeked = await peekConfirmation(token);
    const proof = await shared.proofOf(peeked.houseId, meta);
    // One transaction: the link's own consent and the others it lists are granted together or not at all.
    const { lead, granted } = await database.db.transaction().execute(async (trx) => {
      const lead = await consents.confirm({ token, proof, executor: trx });
      const { houseId, contactId } = lead;
      const actor = `contact:${contactId}`;
      const granted: GrantedPurpose[] = [{ purpose: lead.purpose as MarketingPurpose, expiresAt: lead.expiresAt }];
      const waiting = (await consents.ofContact(houseId, contactId, { executor: trx })).filter(
        (consent) => consent.purpose !== lead.purpose && listed.includes(consent.purpose as MarketingPurpose) && (consent.status === 'pending' || consent.valid),
      );
      const confirmedAt = clock.now().toISOString();
      for (const consent of waiting) {
        const result = await consents.grant({
          houseId,
          contactId,
          purpose: consent.purpose,
          source: consent.source as ConsentSource,
          legalBasis: 'consent',
          textVersion: consent.textVersion,
          proof: { ...proof, confirmedAt, note: `double opt-in confirmed with the ${lead.purpose} link` },
          actor,
          executor: trx,
        });
        granted.push({ purpose: consent.purpose as MarketingPurpose, expiresAt: result.expiresAt });
      }
      return { lead, granted };
    });
    const { houseId, contactId } = lead;
    const language: Language = shared.languageFor(peeked, lang);
    return { language, house: peeked.house, granted, preferencePath: await shared.preferencePath(houseId, contactId) };
  }

  return { signupScript: script, signup, requestWithConfirmation, peekConfirmation, confirm };
}
