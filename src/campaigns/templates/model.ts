/*
 * The vocabulary of campaign templates, pure: what a template is, what it may see when
 * it is rendered for a person, and a house's branding with its defaults. No I/O.
 */

export const templateLanguages = ['de', 'en'] as const;
export type TemplateLanguage = (typeof templateLanguages)[number];

export function asTemplateLanguage(value: string | null | undefined, fallback: TemplateLanguage = 'de'): TemplateLanguage {
  return value === 'de' || value === 'en' ? value : fallback;
}

/**
 * marketing: needs consent and always carries the unsubscribe link in its footer;
 * service: a mail about a booking the person made (reminder, thank-you), still with the
 * preference link but sent on the ticketing contract.
 */
export type TemplateKind = 'marketing' | 'service';

/** One template in one language, as an author writes it: Liquid in all three parts. */
export interface TemplateSource {
  key: string;
  kind: TemplateKind;
  language: TemplateLanguage;
  subject: string;
  preheader: string;
  /** MJML sections (mj-section, mj-wrapper, mj-raw …) that go inside the house layout's mj-body. */
  body: string;
}

/** The programme blocks a template can place with {% content "key" %}. */
export const blockKeys = ['teaser', 'this_week', 'last_tickets', 'practical_info', 'recommendations'] as const;
export type BlockKey = (typeof blockKeys)[number];

export function isBlockKey(value: string): value is BlockKey {
  return (blockKeys as readonly string[]).includes(value);
}

/**
 * A block ready for one language: its HTML (already escaped, placed as it is) and its
 * plain-text twin, plus the items for templates that lay them out themselves.
 */
export interface RenderedBlock {
  html: string;
  text: string;
  /** The headline data a template may quote, e.g. {{ blocks.teaser.title }}. */
  title?: string;
  date?: string;
  url?: string;
  items?: readonly Record<string, string | number | null>[];
}

export type Blocks = Partial<Record<BlockKey, RenderedBlock>>;

/**
 * Everything a template may read. render() copies exactly these fields into the Liquid
 * scope, so a template sees no more than this list, whatever object the caller holds.
 */
export interface RenderContext {
  contact: { firstName: string | null; name: string | null; language: TemplateLanguage };
  house: { name: string; address: string; website: string | null };
  links: { unsubscribe: string; preferences: string; view_online: string; survey?: string | null };
  blocks?: Blocks;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

// ---------- branding ----------

export const hexColourPattern = /^#[0-9a-fA-F]{6}$/;

/** What a house stores; null means "use the default". */
export interface BrandingSettings {
  logoUrl: string | null;
  primaryColour: string | null;
  accentColour: string | null;
  footer: { de: string | null; en: string | null };
  imprintUrl: string | null;
  privacyUrl: string | null;
  senderName: string | null;
}

/** What a mail uses: every value filled in. */
export interface Branding {
  logoUrl: string | null;
  primaryColour: string;
  accentColour: string;
  footer: { de: string; en: string };
  imprintUrl: string | null;
  privacyUrl: string | null;
  senderName: string;
}

export interface BrandingHouse {
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  website: string | null;
}

// A deep theatre red and a warm gold: readable on white, calm enough for any house.
export const DEFAULT_PRIMARY = '#7a1f2b';
export const DEFAULT_ACCENT = '#c8932e';

/** "Theaterplatz 1, 12345 Auenstadt"; empty when the house has no address yet. */
export function addressLine(house: Pick<BrandingHouse, 'street' | 'postalCode' | 'city'>): string {
  const place = [house.postalCode, house.city].filter((part) => part !== null && part !== '').join(' ');
  return [house.street, place].filter((part) => part !== null && part !== '').join(', ');
}

export function effectiveBranding(settings: BrandingSettings, house: BrandingHouse): Branding {
  const address = addressLine(house);
  const footer = (stored: string | null) => stored ?? (address === '' ? house.name : `${house.name} · ${address}`);
  return {
    logoUrl: settings.logoUrl,
    primaryColour: (settings.primaryColour ?? DEFAULT_PRIMARY).toLowerCase(),
    accentColour: (settings.accentColour ?? DEFAULT_ACCENT).toLowerCase(),
    footer: { de: footer(settings.footer.de), en: footer(settings.footer.en) },
    imprintUrl: settings.imprintUrl ?? house.website,
    privacyUrl: settings.privacyUrl,
    senderName: settings.senderName ?? house.name,
  };
}

export const emptyBranding: BrandingSettings = {
  logoUrl: null,
  primaryColour: null,
  accentColour: null,
  footer: { de: null, en: null },
  imprintUrl: null,
  privacyUrl: null,
  senderName: null,
};

// ---------- small pure pieces ----------

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/** "Erika Mustermann" → "Erika"; the salutation uses the first given name only. */
export function firstNameOf(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first === undefined || first === '' ? null : first;
}
