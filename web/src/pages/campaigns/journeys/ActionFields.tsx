import { Anchor, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ActionSpec } from '../../../../../src/campaigns/journeys/definition.ts';
import { type BuilderOptions, withCurrent } from './builderOptions.ts';

/* The fields of an action step: a mail, a post, a tag, a note to the team, or a webhook call. */

export function ActionFields({
  action,
  options,
  onChange,
  error,
  readOnly,
}: {
  action: ActionSpec;
  options: BuilderOptions;
  onChange: (action: ActionSpec) => void;
  error: (path: string) => string | undefined;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Select
        label={t('campaignsApp.journeys.fields.actionKind')}
        allowDeselect={false}
        readOnly={readOnly}
        data={(['send_email', 'publish_post', 'add_tag', 'notify_staff', 'call_webhook'] as const).map((kind) => ({ value: kind, label: t(`campaignsApp.journeys.actionKinds.${kind}`) }))}
        value={action.kind}
        onChange={(kind) => {
          if (kind === 'send_email') onChange({ kind, campaignId: '' });
          else if (kind === 'publish_post') onChange({ kind, accountId: options.mastodon[0]?.value ?? '', text: '', language: 'de' });
          else if (kind === 'add_tag') onChange({ kind, tag: '' });
          else if (kind === 'notify_staff') onChange({ kind, email: '', message: '' });
          else if (kind === 'call_webhook') onChange({ kind, accountId: options.webhooks[0]?.value ?? '' });
        }}
      />
      {action.kind === 'send_email' && (
        <>
          <Select
            label={t('campaignsApp.journeys.fields.campaign')}
            description={t('campaignsApp.journeys.fields.campaignHint')}
            searchable
            readOnly={readOnly}
            data={withCurrent(options.campaigns, action.campaignId)}
            value={action.campaignId === '' ? null : action.campaignId}
            error={error('action.campaignId')}
            nothingFoundMessage={t('campaignsApp.journeys.fields.noCampaign')}
            onChange={(value) => onChange({ kind: 'send_email', campaignId: value ?? '' })}
          />
          {!readOnly && (
            <Anchor component={Link} to="/campaigns/list/new?kind=journey" size="sm">
              {t('campaignsApp.journeys.fields.newCampaign')}
            </Anchor>
          )}
        </>
      )}
      {action.kind === 'publish_post' && (
        <>
          <Select
            label={t('campaignsApp.journeys.fields.account')}
            readOnly={readOnly}
            data={withCurrent(options.mastodon, action.accountId)}
            value={action.accountId === '' ? null : action.accountId}
            error={error('action.accountId')}
            onChange={(value) => onChange({ ...action, accountId: value ?? '' })}
          />
          <SegmentedControl
            aria-label={t('campaignsApp.posts.language')}
            readOnly={readOnly}
            data={[
              { value: 'de', label: t('languages.de') },
              { value: 'en', label: t('languages.en') },
            ]}
            value={action.language}
            onChange={(language) => onChange({ ...action, language: language === 'en' ? 'en' : 'de' })}
          />
          <Textarea label={t('campaignsApp.posts.text')} autosize minRows={3} readOnly={readOnly} value={action.text} error={error('action.text')} onChange={(event) => onChange({ ...action, text: event.currentTarget.value })} />
          <TextInput
            label={t('campaignsApp.posts.link')}
            placeholder="https://…"
            readOnly={readOnly}
            value={action.link ?? ''}
            error={error('action.link')}
            onChange={(event) => {
              const link = event.currentTarget.value;
              onChange({ kind: 'publish_post', accountId: action.accountId, text: action.text, language: action.language, ...(link === '' ? {} : { link }) });
            }}
          />
        </>
      )}
      {action.kind === 'add_tag' && (
        <TextInput label={t('campaignsApp.journeys.fields.tag')} readOnly={readOnly} value={action.tag} error={error('action.tag')} onChange={(event) => onChange({ kind: 'add_tag', tag: event.currentTarget.value })} />
      )}
      {action.kind === 'notify_staff' && (
        <>
          <TextInput label={t('campaignsApp.journeys.fields.email')} type="email" readOnly={readOnly} value={action.email} error={error('action.email')} onChange={(event) => onChange({ ...action, email: event.currentTarget.value })} />
          <Textarea label={t('campaignsApp.journeys.fields.message')} autosize minRows={2} readOnly={readOnly} value={action.message} error={error('action.message')} onChange={(event) => onChange({ ...action, message: event.currentTarget.value })} />
        </>
      )}
      {action.kind === 'call_webhook' && (
        <Select
          label={t('campaignsApp.journeys.fields.webhook')}
          readOnly={readOnly}
          data={withCurrent(options.webhooks, action.accountId)}
          value={action.accountId === '' ? null : action.accountId}
          error={error('action.accountId')}
          onChange={(value) => onChange({ kind: 'call_webhook', accountId: value ?? '' })}
        />
      )}
    </Stack>
  );
}
