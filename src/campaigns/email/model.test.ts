import { randomBytes } from 'node:crypto';
import { parseDocument, DomUtils } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { readMailLink, signMailLink, verifyMailLink } from './links.ts';
import { type EnvelopeInput, marketingLinks, readCampaignHeader, wrapMarketingMail } from './model.ts';

/* The envelope as a pure function: headers, footer, and tracking only with consent. */

const key = randomBytes(32);
const houseId = '0190a000-0000-7000-8000-000000000001';
const contactId = '0190a000-0000-7000-8000-000000000002';

const html = `<!doctype html><html><head><title>Spielzeit</title></head><body>
<!--[if mso | IE]><table><tr><td><![endif]-->
<p>Liebe Erika, <a href="https://theater.example/faust?utm_source=mail&amp;x=%C3%A4#termine">Faust</a> &amp; mehr.</p>
<p><a href="mailto:kasse@theater.example">Kasse</a> <a href="#oben">oben</a> <a href="https://theater.example/plan" data-foyer-notrack>Saalplan</a></p>
<!--[if mso | IE]></td></tr></table><![endif]-->
</body></html>`;

function input(overrides: Partial<EnvelopeInput> = {}): EnvelopeInput {
  return {
    house: { id: houseId, name: 'Stadttheater Auenstadt' },
    contact: { id: contactId, email: 'erika@example.org', name: 'Erika', language: 'de' },
    campaign: { id: 'spielzeit-2027', kind: 'campaign' },
    message: { subject: 'Die neue Spielzeit', html, text: 'Liebe Erika, Faust: https://theater.example/faust' },
    tracking: false,
    publicUrl: 'https://foyer.example',
    key,
    preferenceUrl: 'https://foyer.example/public/preferences/p1.x.y',
    ...overrides,
  };
}

const hrefs = (markup: string) => DomUtils.findAll((e) => e.name === 'a', parseDocument(markup).children).map((a) => a.attribs.href ?? '');

describe('the marketing envelope', () => {
  it('adds the RFC 8058 headers, the bulk marker and the campaign header', () => {
    const mail = wrapMarketingMail(input());
    const { unsubscribe } = marketingLinks(input());
    expect(mail.headers).toEqual({
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      Precedence: 'bulk',
      'X-Foyer-Campaign': `${houseId}/spielzeit-2027`,
    });
    expect(readCampaignHeader(mail.headers?.['X-Foyer-Campaign'] ?? '')).toEqual({ houseId, campaignId: 'spielzeit-2027' });
    const journey = wrapMarketingMail(input({ campaign: { id: 'welcome', kind: 'journey' }, unsubscribeMailto: 'abmelden@theater.example' }));
    expect(journey.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'List-Unsubscribe': expect.stringMatching(/^<https:.*>, <mailto:abmelden@theater\.example\?subject=unsubscribe>$/) });
    expect(journey.headers).not.toHaveProperty('Precedence');
  });

  it('appends an unsubscribe footer to HTML and text when the template placed none, in the contact’s language', () => {
    const { unsubscribe } = marketingLinks(input());
    const mail = wrapMarketingMail(input());
    expect(hrefs(mail.html)).toContain(unsubscribe);
    expect(mail.html).toContain('>Abmelden</a>');
    expect(mail.text).toContain(`Abmelden: ${unsubscribe}`);
    const english = wrapMarketingMail(input({ contact: { id: contactId, email: 'e@example.org', name: null, language: 'en' } }));
    expect(english.html).toContain('>Unsubscribe</a>');
  });

  it('adds no second unsubscribe link when the template rendered {{ links.unsubscribe }}', () => {
    const { unsubscribe } = marketingLinks(input());
    const own = `<html><body><p>Hallo</p><a href="${unsubscribe}">Newsletter abbestellen</a></body></html>`;
    const mail = wrapMarketingMail(input({ message: { subject: 's', html: own, text: `Abbestellen: ${unsubscribe}` } }));
    expect(hrefs(mail.html).filter((href) => href === unsubscribe)).toHaveLength(1);
    expect(mail.text).toBe(`Abbestellen: ${unsubscribe}`);
  });

  it('without consent to behavioural analysis leaves every link as it was and adds no pixel', () => {
    const mail = wrapMarketingMail(input({ tracking: false }));
    expect(hrefs(mail.html).slice(0, 4)).toEqual(['https://theater.example/faust?utm_source=mail&x=%C3%A4#termine', 'mailto:kasse@theater.example', '#oben', 'https://theater.example/plan']);
    expect(mail.html).not.toContain('/public/o/');
    expect(mail.html).not.toContain('/public/r/');
    expect(mail.html).toContain('<!--[if mso | IE]><table><tr><td><![endif]-->');
  });

  it('with consent sends http(s) links through signed redirects to exactly their target, and adds the pixel', () => {
    const mail = wrapMarketingMail(input({ tracking: true }));
    const links = hrefs(mail.html);
    const redirect = links[0] ?? '';
    expect(redirect).toMatch(/^https:\/\/foyer\.example\/public\/r\/m1\./);
    const parts = readMailLink(redirect.split('/public/r/')[1] ?? '');
    expect(parts?.payload).toEqual({ t: 'r', h: houseId, c: contactId, k: 'spielzeit-2027', u: 'https://theater.example/faust?utm_source=mail&x=%C3%A4#termine' });
    expect(parts !== null && verifyMailLink(key, parts)).toBe(true);
    // mailto, anchors, opted-out links, the unsubscribe and preference links stay direct.
    expect(links.slice(1, 4)).toEqual(['mailto:kasse@theater.example', '#oben', 'https://theater.example/plan']);
    expect(links).toContain(marketingLinks(input()).unsubscribe);
    expect(links).toContain('https://foyer.example/public/preferences/p1.x.y');
    expect(mail.html).toMatch(/<img src="https:\/\/foyer\.example\/public\/o\/m1\.[^"]+\.gif" width="1" height="1" alt/);
    expect(mail.html.indexOf('/public/o/')).toBeLessThan(mail.html.indexOf('</body>'));
  });

  it('refuses a token whose target, kind or house was changed, or that another key signed', () => {
    const token = signMailLink(key, { t: 'r', h: houseId, c: contactId, k: 'c', u: 'https://theater.example/' });
    const parts = readMailLink(token);
    if (parts === null) throw new Error('unreadable');
    const forged = Buffer.from(JSON.stringify({ ...parts.payload, u: 'https://evil.example/' })).toString('base64url');
    const tampered = readMailLink(`m1.${forged}.${token.split('.')[2] ?? ''}`);
    expect(tampered !== null && verifyMailLink(key, tampered)).toBe(false);
    expect(verifyMailLink(randomBytes(32), parts)).toBe(false);
    const signatureText = token.split('.')[2] ?? '';
    const flipped = readMailLink(`m1.${parts.body}.${signatureText.startsWith('A') ? 'B' : 'A'}${signatureText.slice(1)}`);
    expect(flipped).not.toBeNull(); // well-formed, but not ours
    expect(flipped !== null && verifyMailLink(key, flipped)).toBe(false);
    expect(readMailLink('m1.bm90IGpzb24.AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    expect(readMailLink(signMailLink(key, { t: 'r', h: houseId, c: contactId, k: 'c', u: 'javascript:alert(1)' } as never))).toBeNull();
  });
  it('rewrites unquoted, single-quoted and entity-encoded hrefs in place and leaves everything else byte for byte', () => {
    const markup = `<html><body><!-- <a href="https://theater.example/comment"> --><a href=https://theater.example/a>A</a> <A HREF='https://theater.example/b?x=1&amp;y=2'>B</A><script>var s = '<a href="https://theater.example/script">';</script></body></html>`;
    const plain = wrapMarketingMail(input({ tracking: false, message: { subject: 's', html: markup, text: 't' } }));
    expect(plain.html.startsWith(markup.slice(0, markup.indexOf('</body>')))).toBe(true);
    const tracked = wrapMarketingMail(input({ tracking: true, message: { subject: 's', html: markup, text: 't' } }));
    const rewritten = hrefs(tracked.html).filter((href) => href.includes('/public/r/')).map((href) => readMailLink(href.split('/').at(-1) ?? '')?.payload);
    expect(rewritten.map((payload) => (payload?.t === 'r' ? payload.u : null))).toEqual(['https://theater.example/a', 'https://theater.example/b?x=1&y=2']);
    expect(tracked.html).toContain('<!-- <a href="https://theater.example/comment"> -->');
    expect(tracked.html).toContain(`var s = '<a href="https://theater.example/script">';`);
  });
});
