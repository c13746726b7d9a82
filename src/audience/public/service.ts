import type { CatalogueService } from '../../catalogue/service.ts';
import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { DomainError, isDomainError } from '../../core/errors.ts';
import type { MailOutbox } from '../../core/mail/outbox.ts';
import type { ConsentService } from '../consents/service.ts';
import type { ContactService } from '../contacts/service.ts';
import { hashIp, readPreferenceToken, signPreferenceToken, verifyPreferenceToken } from './links.ts';
import { createPreferenceCentre } from './preferences.ts';
import { createSignup } from './signup.ts';
import { houseLinkKey } from './store.ts';
import { type Language, languageOf } from './texts.ts';

/*
 * The audience's public side: sign-up with double opt-in, the embeddable form, and the
 * preference centre behind signed links. No login anywhere: a confirmation token or a
 * preference link is the whole authority, and every change it makes is audited with
 * the person as actor (contact:<id>). The audience core (contacts, consents) and the
 * privacy service do the work; this part checks links, builds pages and mails.
 */

/** What the preference centre needs of the privacy service (src/audience/privacy). */
export interface PrivacyPort {
  exportContact(scope: Scope, contactId: string, actor: string): Promise<unknown>;
  erase(scope: Scope, contactId: string, actor: string, reason: string): Promise<unknown>;
}

export interface PublicAudienceDeps {
  database: Database;
  clock: Clock;
  catalogue: Pick<CatalogueService, 'getHouse' | 'getHouseBySlug'>;
  contacts: Pick<ContactService, 'findOrCreate' | 'load'>;
  consents: Pick<ConsentService, 'request' | 'confirm' | 'grant' | 'revoke' | 'ofContact' | 'policies'>;
  privacy: PrivacyPort;
  outbox: MailOutbox;
  /** config.publicUrl: links in mails are built on it. */
  publicUrl: string;
}

/** Who sent a public request, as the proof of a consent records it. */
export interface RequestMeta {
  ip: string;
  userAgent: string | undefined;
}

/** An opened preference link: the house and the person it belongs to. */
export interface LinkHolder {
  houseId: string;
  contactId: string;
  house: { name: string; timeZone: string; defaultLanguage: string; email: string | null };
  contact: { email: string; name: string | null; language: string | null };
  key: Buffer;
}

export function createPublicAudienceService(deps: PublicAudienceDeps) {
  const { database, clock, catalogue, contacts, publicUrl } = deps;

  const keyOf = (houseId: string) => houseLinkKey(database.db, houseId, clock.now().toISOString());

  async function preferencePath(houseId: string, contactId: string): Promise<string> {
    return `/public/preferences/${signPreferenceToken(await keyOf(houseId), houseId, contactId)}`;
  }

  /** The person's own preference-centre link, for staff and for every mail. */
  async function preferenceLink(houseId: string, contactId: string): Promise<string> {
    return `${publicUrl}${await preferencePath(houseId, contactId)}`;
  }

  /** preferenceLink for a newsletter batch: the house's key read once, not once per person. */
  async function preferenceLinks(houseId: string, contactIds: readonly string[]): Promise<Map<string, string>> {
    const key = await keyOf(houseId);
    return new Map(contactIds.map((contactId) => [contactId, `${publicUrl}/public/preferences/${signPreferenceToken(key, houseId, contactId)}`]));
  }

  /** The proof's house-keyed hash of the client IP; the raw address is never stored. */
  async function proofOf(houseId: string, meta: RequestMeta): Promise<{ ipHash: string; userAgent?: string }> {
    const ipHash = hashIp(await keyOf(houseId), meta.ip);
    return meta.userAgent === undefined ? { ipHash } : { ipHash, userAgent: meta.userAgent.slice(0, 500) };
  }

  /**
   * Opens a preference link: not_found for a malformed, tampered or foreign token (the
   * page says "we do not know this link"); gone when the signature is ours but the
   * person no longer exists: they were erased.
   */
  async function openLink(token: string): Promise<LinkHolder> {
    const unknown = new DomainError('not_found', 'this preference link is unknown');
    const parts = readPreferenceToken(token);
    if (parts === null) throw unknown;
    const house = await catalogue.getHouse(parts.houseId).catch((error: unknown) => {
      throw isDomainError(error, 'not_found') ? unknown : error;
    });
    const key = await keyOf(parts.houseId);
    if (!verifyPreferenceToken(key, parts)) throw unknown;
    const contact = await contacts.load({ houseId: parts.houseId, unitId: null }, parts.contactId).catch((error: unknown) => {
      throw isDomainError(error, 'not_found') ? new DomainError('gone', 'the person of this link has been erased') : error;
    });
    return { houseId: parts.houseId, contactId: parts.contactId, house, contact, key };
  }

  /** ?lang= first, then the contact's language, then the house default. */
  function languageFor(holder: Pick<LinkHolder, 'house' | 'contact'> | null, asked: string | undefined): Language {
    if (asked !== undefined) return languageOf(asked);
    return languageOf(holder?.contact.language, languageOf(holder?.house.defaultLanguage));
  }

  const shared = { ...deps, keyOf, preferencePath, preferenceLink, proofOf, openLink, languageFor };
  return {
    preferenceLink,
    preferenceLinks,
    languageFor,
    proofOf,
    ...createSignup(shared),
    ...createPreferenceCentre(shared),
  };
}

export type PublicAudienceService = ReturnType<typeof createPublicAudienceService>;

/** What signup.ts and preferences.ts share. */
export interface PublicShared extends PublicAudienceDeps {
  keyOf(houseId: string): Promise<Buffer>;
  preferencePath(houseId: string, contactId: string): Promise<string>;
  preferenceLink(houseId: string, contactId: string): Promise<string>;
  proofOf(houseId: string, meta: RequestMeta): Promise<{ ipHash: string; userAgent?: string }>;
  openLink(token: string): Promise<LinkHolder>;
  languageFor(holder: Pick<LinkHolder, 'house' | 'contact'> | null, asked: string | undefined): Language;
}
