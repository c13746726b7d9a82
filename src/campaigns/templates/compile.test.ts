import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../core/errors.ts';
import { compileTemplate, render } from './compile.ts';
import { libraryEntries, librarySource } from './library.ts';
import { type Branding, effectiveBranding, emptyBranding, type RenderContext, type TemplateSource } from './model.ts';

const branding: Branding = effectiveBranding(
  { ...emptyBranding, primaryColour: '#123456', imprintUrl: 'https://theater.example/impressum', privacyUrl: 'https://theater.example/datenschutz' },
  { name: 'Stadttheater Auenstadt', street: 'Theaterplatz 1', postalCode: '12345', city: 'Auenstadt', website: 'https://theater.example' },
);

function source(overrides: Partial<TemplateSource> = {}): TemplateSource {
  return {
    key: 'test',
    kind: 'marketing',
    language: 'de',
    subject: 'Hallo {{ contact.firstName | default: "zusammen" }}',
    preheader: 'Neu bei {{ house.name }}',
    body: `<mj-section><mj-column>
      <mj-text><p>Guten Tag {{ contact.name }},</p><p>[{{ contact.email }}][{{ secret }}][{{ contact.constructor }}][{{ house.id }}]</p>{% content "this_week" %}</mj-text>
      <mj-button href="{{ links.view_online }}">Mehr</mj-button>
    </mj-column></mj-section>`,
    ...overrides,
  };
}

function context(overrides: Partial<RenderContext['contact']> = {}): RenderContext {
  return {
    contact: { firstName: 'Erika', name: 'Erika Mustermann', language: 'de', ...overrides },
    house: { name: 'Stadttheater Auenstadt', address: 'Theaterplatz 1, 12345 Auenstadt', website: 'https://theater.example' },
    links: { unsubscribe: 'https://foyer.example/u?t=a&s=b', preferences: 'https://foyer.example/p', view_online: 'https://foyer.example/v' },
    blocks: { this_week: { html: '<p class="block">Carmen</p>', text: 'Carmen – Samstag' } },
  };
}

describe('compileTemplate and render', () => {
  it('fills the placeholders in subject, HTML and text, with the house footer and the unsubscribe link', async () => {
    const mail = render(await compileTemplate(source(), branding), context());
    expect(mail.subject).toBe('Hallo Erika');
    expect(mail.html).toContain('Guten Tag Erika Mustermann,');
    expect(mail.html).toContain('<p class="block">Carmen</p>');
    expect(mail.html).toContain('href="https://foyer.example/u?t=a&amp;s=b"');
    expect(mail.html).toContain('Neu bei Stadttheater Auenstadt'); // the preheader
    expect(mail.html).toContain('Stadttheater Auenstadt · Theaterplatz 1, 12345 Auenstadt');
    expect(mail.html).toContain('https://theater.example/impressum');
    expect(mail.html).toContain('#123456');
    expect(mail.text).toContain('Guten Tag Erika Mustermann,');
    expect(mail.text).toContain('Carmen – Samstag');
    expect(mail.text).toContain('Mehr: https://foyer.example/v');
    expect(mail.text).toContain('Abmelden (https://foyer.example/u?t=a&s=b)');
    expect(mail.text).not.toMatch(/<[a-z]/);
    expect(mail.text).not.toContain('{{');
  });

  it('escapes contact data in the HTML, keeps it readable in the text and keeps the subject on one line', async () => {
    const compiled = await compileTemplate(source(), branding);
    const mail = render(compiled, context({ firstName: 'Eri\nka', name: '<script>alert(1)</script> & "Co"' }));
    expect(mail.html).not.toContain('<script>alert(1)</script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34;');
    expect(mail.text).toContain('<script>alert(1)</script> & "Co"');
    expect(mail.subject).toBe('Hallo Eri ka');
  });

  it('renders unknown variables and anything outside the allow-list as empty', async () => {
    const compiled = await compileTemplate(source(), branding);
    const leaky = { ...context(), secret: 'geheim', contact: { ...context().contact, email: 'erika@example.org' }, house: { ...context().house, id: 'house-1' } };
    const mail = render(compiled, leaky);
    expect(mail.html).toContain('[][][][]');
    expect(mail.html).not.toContain('erika@example.org');
    expect(mail.html).not.toContain('geheim');
    expect(render(compiled, context({ firstName: null })).subject).toBe('Hallo zusammen');
  });

  it('refuses templates that would read files or use unknown filters or blocks, naming the part', async () => {
    for (const [body, pattern] of [
      ['{% include "/etc/passwd" %}', /include/],
      ['{% render "x" %}', /render/],
      ['{{ contact.name | shout }}', /shout/],
      ['{% content "everything" %}', /everything/],
      ['{% if contact.name %}', /body/],
    ] as const) {
      const error: unknown = await compileTemplate(source({ body: `<mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section>` }), branding).catch((e: unknown) => e);
      expect(isDomainError(error, 'validation'), body).toBe(true);
      expect((error as Error).message).toMatch(pattern);
    }
    const subject: unknown = await compileTemplate(source({ subject: '{{ x | nope }}' }), branding).catch((e: unknown) => e);
    expect(isDomainError(subject, 'validation') && subject.details[0]?.field).toBe('subject');
  });

  it('reports MJML errors against the body', async () => {
    const error: unknown = await compileTemplate(source({ body: '<mj-section><mj-text>loose text</mj-text></mj-section>' }), branding).catch((e: unknown) => e);
    expect(isDomainError(error, 'validation')).toBe(true);
    expect((error as Error).message).toMatch(/^body:/);
  });

  it('writes English labels in an English template', async () => {
    const mail = render(await compileTemplate(source({ language: 'en', subject: 'Hello {{ contact.firstName }}' }), branding), { ...context({ language: 'en' }) });
    expect(mail.subject).toBe('Hello Erika');
    expect(mail.text).toContain('Unsubscribe (https://foyer.example/u?t=a&s=b)');
    expect(mail.html).toContain('lang="en"');
  });
});

describe('the template library', () => {
  it('has German and English for each template, and each compiles without MJML errors and with its unsubscribe link', async () => {
    const keys = libraryEntries().map((entry) => entry.key);
    expect(keys).toEqual(expect.arrayContaining(['season_announcement', 'new_production', 'last_tickets', 'reminder', 'thank_you', 'win_back', 'welcome_1', 'welcome_2', 'welcome_3']));
    for (const entry of libraryEntries()) {
      for (const language of ['de', 'en'] as const) {
        const mail = render(await compileTemplate(librarySource(entry, language), branding), context({ language }));
        expect(mail.subject, `${entry.key}.${language}`).not.toBe('');
        expect(mail.html, `${entry.key}.${language}`).toContain('https://foyer.example/u?t=a&amp;s=b');
        expect(mail.text, `${entry.key}.${language}`).toContain('https://foyer.example/u?t=a&s=b');
        expect(mail.html).not.toMatch(/\{\{|\{%/);
      }
    }
  });
});
