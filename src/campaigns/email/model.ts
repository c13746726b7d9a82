import { DomUtils, parseDocument } from 'htmlparser2';
import type { MarketingPurpose } from '../../audience/model.ts';
import { escapeHtml } from '../../core/http/public-page.ts';
import type { MailLanguage, MailMessage } from '../../core/mail/model.ts';
import { signMailLink } from './links.ts';
import { envelopeTexts } from './texts.ts';

/*
 * The envelope every marketing mail goes out in, pure: given the rendered message and
 * the house's link key it adds what the law and the mailbox providers ask for (an
 * unsubscribe link in the body, RFC 8058 one-click headers, bulk markers) and, only for
 * a person who allowed behavioural analysis, the click redirects and the open pixel.
 * Without that consent the mail is byte-for-byte what the template rendered, plus the
 * unsubscribe footer when the template had none: no pixel, no rewritten link.
 */

/**
 * campaign: a mailing to a list (Precedence: bulk); journey: sent by a trigger for one
 * person (Auto-Submitted: auto-generated, RFC 3834, so that vacation replies stay quiet).
 */
export const campaignMailKinds = ['campaign', 'journey'] as const;
export type CampaignMailKind = (typeof campaignMailKinds)[number];

export interface EnvelopeCampaign {
  id: string;
  kind: CampaignMailKind;
  /** The consent the mail rests on and the unsubscribe link ends; newsletter unless said. */
  purpose?: MarketingPurpose;
}

export interface EnvelopeInput {
  house: { id: string; name: string };
  contact: { id: string; email: string; name: string | null; language: MailLanguage };
  campaign: EnvelopeCampaign;
  message: { subject: string; html: string; text: string };
  /** True only when the contact's behavioural_analysis consent is valid now (the caller asks the audience service). */
  tracking: boolean;
  /** config.publicUrl, without trailing slash. */
  publicUrl: string;
  /** The house's campaign link key (table campaign_link_key). */
  key: Buffer;
  /** The person's preference-centre link, shown beside the unsubscribe link. */
  preferenceUrl?: string | null;
  /**
   * A mailbox that really processes unsubscribe requests. Left out by default: Foyer
   * reads no inbox, and a mailto that nobody acts on would be a broken promise.
   */
  unsubscribeMailto?: string | null;
}

/** The links a template can place itself ({{ links.unsubscribe }}); the envelope then adds no footer. */
export interface MarketingLinks {
  unsubscribe: string;
}

export function marketingLinks(input: Pick<EnvelopeInput, 'house' | 'contact' | 'campaign' | 'publicUrl' | 'key'>): MarketingLinks {
  const token = signMailLink(input.key, { t: 'u', h: input.house.id, c: input.contact.id, k: input.campaign.id, p: input.campaign.purpose ?? 'newsletter' });
  return { unsubscribe: `${input.publicUrl}/public/unsubscribe/${token}` };
}

export function clickUrl(input: Pick<EnvelopeInput, 'house' | 'contact' | 'campaign' | 'publicUrl' | 'key'>, target: string): string {
  return `${input.publicUrl}/public/r/${signMailLink(input.key, { t: 'r', h: input.house.id, c: input.contact.id, k: input.campaign.id, u: target })}`;
}

export function openPixelUrl(input: Pick<EnvelopeInput, 'house' | 'contact' | 'campaign' | 'publicUrl' | 'key'>): string {
  return `${input.publicUrl}/public/o/${signMailLink(input.key, { t: 'o', h: input.house.id, c: input.contact.id, k: input.campaign.id })}.gif`;
}

/** The value of X-Foyer-Campaign: house and campaign, which a bounce report echoes back. */
export function campaignHeader(houseId: string, campaignId: string): string {
  return `${houseId}/${campaignId}`;
}

export function readCampaignHeader(value: string): { houseId: string; campaignId: string } | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(.{1,100})$/i.exec(value.trim());
  return match === null ? null : { houseId: (match[1] ?? '').toLowerCase(), campaignId: match[2] ?? '' };
}

const trackable = /^https?:\/\//i;

export function wrapMarketingMail(input: EnvelopeInput): MailMessage {
  const { house, contact, campaign, message } = input;
  const words = envelopeTexts[contact.language];
  const { unsubscribe } = marketingLinks(input);
  const ownLinks = new Set([unsubscribe, ...(input.preferenceUrl ? [input.preferenceUrl] : [])]);

  const document = parseDocument(message.html, { decodeEntities: true });
  const anchors = DomUtils.findAll((element) => (element.name === 'a' || element.name === 'area') && typeof element.attribs.href === 'string', document.children);
  const hasUnsubscribe = anchors.some((a) => a.attribs.href === unsubscribe);
  if (input.tracking) {
    for (const anchor of anchors) {
      const href = (anchor.attribs.href ?? '').trim();
      // The unsubscribe and preference links stay direct: nobody is tracked on the way out.
      if (!trackable.test(href) || ownLinks.has(href) || 'data-foyer-notrack' in anchor.attribs) continue;
      anchor.attribs.href = clickUrl(input, href);
    }
  }
  const body = DomUtils.findOne((element) => element.name === 'body', document.children);
  const append = (html: string) => {
    for (const node of [...parseDocument(html, { decodeEntities: true }).children]) DomUtils.appendChild(body ?? document, node);
  };
  if (!hasUnsubscribe) {
    const preferences = input.preferenceUrl ? ` · <a href="${escapeHtml(input.preferenceUrl)}">${escapeHtml(words.preferences)}</a>` : '';
    append(
      `<p style="font-size:12px;color:#57606a;text-align:center;margin:24px 0">${escapeHtml(words.footerWhy(house.name))}<br>` +
        `<a href="${escapeHtml(unsubscribe)}">${escapeHtml(words.unsubscribe)}</a>${preferences}</p>`,
    );
  }
  if (input.tracking) {
    append(`<img src="${escapeHtml(openPixelUrl(input))}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`);
  }
  const html = DomUtils.getOuterHTML(document, { encodeEntities: 'utf8', decodeEntities: true });

  const text = message.text.includes(unsubscribe)
    ? message.text
    : `${message.text.trimEnd()}\n\n-- \n${words.footerWhy(house.name)}\n${words.unsubscribe}: ${unsubscribe}${input.preferenceUrl ? `\n${words.preferences}: ${input.preferenceUrl}` : ''}\n`;

  const listUnsubscribe = [`<${unsubscribe}>`, ...(input.unsubscribeMailto ? [`<mailto:${input.unsubscribeMailto}?subject=unsubscribe>`] : [])].join(', ');
  return {
    to: contact.email,
    toName: contact.name,
    subject: message.subject,
    text,
    html,
    language: contact.language,
    fromName: house.name,
    headers: {
      'List-Unsubscribe': listUnsubscribe,
      // RFC 8058: the URL above takes a POST with this body and unsubscribes without a page.
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      ...(campaign.kind === 'campaign' ? { Precedence: 'bulk' } : { 'Auto-Submitted': 'auto-generated' }),
      'X-Foyer-Campaign': campaignHeader(house.id, campaign.id),
    },
  };
}
