import { type Branding, escapeHtml, type TemplateKind, type TemplateLanguage } from './model.ts';

/*
 * The house layout every campaign mail is wrapped in: the logo on top, the template's
 * sections, and a footer with the house's address, imprint, privacy notice, the
 * preference centre and the unsubscribe link. The footer lives here and not in each
 * template, so that no template, however it is edited, can lose the unsubscribe link
 * (UWG § 7 and GDPR Art. 21: every advertising mail must offer a way out).
 *
 * Branding values are written in when the template is compiled (escaped: they come from
 * the settings form); {{ … }} stays for the per-contact render.
 */

const labels = {
  de: {
    viewOnline: 'Im Browser ansehen',
    imprint: 'Impressum',
    privacy: 'Datenschutz',
    preferences: 'Einstellungen ändern',
    unsubscribe: 'Abmelden',
    marketingReason: 'Sie erhalten diese E-Mail, weil Sie Nachrichten von {{ house.name }} abonniert haben.',
    serviceReason: 'Sie erhalten diese E-Mail zu Ihrem Besuch bei {{ house.name }}.',
  },
  en: {
    viewOnline: 'View in your browser',
    imprint: 'Imprint',
    privacy: 'Privacy',
    preferences: 'Change your preferences',
    unsubscribe: 'Unsubscribe',
    marketingReason: 'You receive this e-mail because you subscribed to news from {{ house.name }}.',
    serviceReason: 'You receive this e-mail about your visit to {{ house.name }}.',
  },
} as const;

function link(href: string, label: string): string {
  return `<a href="${href}" style="color:#555555;text-decoration:underline">${label}</a>`;
}

export function houseLayout(input: { kind: TemplateKind; language: TemplateLanguage; preheader: string; body: string; branding: Branding }): string {
  const { branding, language } = input;
  const t = labels[language];
  const primary = escapeHtml(branding.primaryColour);
  const accent = escapeHtml(branding.accentColour);
  const header =
    branding.logoUrl === null
      ? `<mj-text align="center" color="#ffffff" font-size="22px" font-weight="bold" padding="20px 24px">{{ house.name }}</mj-text>`
      : `<mj-image src="${escapeHtml(branding.logoUrl)}" alt="{{ house.name }}" width="180px" padding="16px 24px" href="{{ house.website }}"></mj-image>`;
  const footerLinks = [
    branding.imprintUrl === null ? null : link(escapeHtml(branding.imprintUrl), t.imprint),
    branding.privacyUrl === null ? null : link(escapeHtml(branding.privacyUrl), t.privacy),
    link('{{ links.preferences }}', t.preferences),
    link('{{ links.unsubscribe }}', t.unsubscribe),
  ].filter((part) => part !== null);
  return `<mjml lang="${language}">
  <mj-head>
    <mj-preview>${input.preheader}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.55" color="#222222" padding="8px 24px" />
      <mj-button background-color="${primary}" color="#ffffff" font-size="16px" font-weight="bold" border-radius="4px" inner-padding="12px 24px" padding="12px 24px" />
      <mj-image padding="0 24px" />
      <mj-section background-color="#ffffff" padding="8px 0" />
      <mj-divider border-color="${accent}" border-width="2px" padding="16px 24px" />
    </mj-attributes>
    <mj-style inline="inline">a { color: ${primary}; } h1, h2, h3 { color: ${primary}; margin: 0 0 8px 0; } h1 { font-size: 26px; } h2 { font-size: 21px; }</mj-style>
  </mj-head>
  <mj-body background-color="#f3efe8" width="600px">
    <mj-section background-color="#f3efe8" padding="8px 0">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#666666" padding="4px 24px">${link('{{ links.view_online }}', t.viewOnline)}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="${primary}" padding="0">
      <mj-column>
        ${header}
      </mj-column>
    </mj-section>
${input.body}
    <mj-section background-color="#ffffff" padding="0">
      <mj-column><mj-divider /></mj-column>
    </mj-section>
    <mj-section background-color="#f3efe8" padding="8px 0 24px 0">
      <mj-column>
        <mj-text align="center" font-size="12px" line-height="1.5" color="#555555">${escapeHtml(branding.footer[language])}</mj-text>
        <mj-text align="center" font-size="12px" line-height="1.5" color="#555555">${input.kind === 'marketing' ? t.marketingReason : t.serviceReason}</mj-text>
        <mj-text align="center" font-size="12px" line-height="1.5" color="#555555">${footerLinks.join(' · ')}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}
