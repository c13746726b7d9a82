import { Paper, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A rendered mail as staff check it: the subject, the HTML in a frame without scripts
 * (sandbox="") so nothing in a template can act in the staff app, and the text part.
 */
export function RenderedMailView({ mail }: { mail: { subject: string; html: string; text: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed">
          {t('campaigns.templates.subject')}
        </Text>
        <Text fw={600} data-testid="preview-subject">
          {mail.subject}
        </Text>
      </Paper>
      <Tabs defaultValue="html" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="html">{t('campaigns.templates.html')}</Tabs.Tab>
          <Tabs.Tab value="text">{t('campaigns.templates.text')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          <iframe
            title={t('campaigns.templates.htmlFrame')}
            sandbox=""
            srcDoc={mail.html}
            data-testid="preview-html"
            style={{ width: '100%', height: 720, border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)', background: 'white' }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Paper withBorder p="md" component="pre" data-testid="preview-text" style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13, margin: 0 }}>
            {mail.text}
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
