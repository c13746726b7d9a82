import { Anchor, Badge, Button, Card, EmptyState, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy, IconRobot } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { campaignWrites, useAutopilot } from '../../api/campaigns.ts';
import type { AutopilotRule, JourneyMode } from '../../api/campaignsTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { useCanApprove } from './campaignDisplay.tsx';

/*
 * The autopilot: the routine communication Foyer runs by itself once the programme is
 * in (announcements, reminders, follow-ups). Each rule is switched on or off and runs
 * either on its own or with every message waiting for approval; its settings are the
 * server's (shown as they come: numbers, texts, switches).
 */

type ParamValue = string | number | boolean;

/** Settings a rule may leave out (the server then learns them); shown empty, and left out again when emptied. */
const optionalNumbers: Record<string, string[]> = { sales_push: ['expectedShare'] };

function RuleCard({ rule, writable }: { rule: AutopilotRule; writable: boolean }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const canApprove = useCanApprove();
  const client = useQueryClient();
  const [enabled, setEnabled] = useState(rule.enabled);
  const [mode, setMode] = useState<JourneyMode>(rule.mode);
  const [params, setParams] = useState<Record<string, unknown>>(rule.params);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const dirty = enabled !== rule.enabled || mode !== rule.mode || JSON.stringify(params) !== JSON.stringify(rule.params);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await campaignWrites.saveAutopilotRule(rule.rule, { enabled, mode, params });
      await client.invalidateQueries({ queryKey: ['campaign-autopilot'] });
      notifications.show({ color: 'teal', message: t('campaignsApp.autopilot.saved', { rule: t(`campaignsApp.autopilot.rules.${rule.rule}.name`, { defaultValue: rule.rule }) }) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const setParam = (key: string, value: ParamValue) => setParams((current) => ({ ...current, [key]: value }));
  const name = t(`campaignsApp.autopilot.rules.${rule.rule}.name`, { defaultValue: rule.rule });
  return (
    <Card data-testid="autopilot-rule" data-rule={rule.rule}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={4}>{name}</Title>
            <Text size="sm" c="dimmed">
              {t(`campaignsApp.autopilot.rules.${rule.rule}.description`, { defaultValue: '' })}
            </Text>
          </Stack>
          <Switch size="md" label={t('campaignsApp.autopilot.enabled')} disabled={!writable} checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} aria-label={t('campaignsApp.autopilot.enableNamed', { name })} />
        </Group>
        <ErrorAlert error={error} />
        <Group gap="lg" align="flex-end">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('campaignsApp.journeys.mode')}
            </Text>
            <SegmentedControl
              aria-label={t('campaignsApp.autopilot.modeNamed', { name })}
              readOnly={!writable}
              data={[
                { value: 'approval', label: t('campaignsApp.modes.approval') },
                // Sending without approval is the right to let mails out in the house's name.
                { value: 'autopilot', label: t('campaignsApp.modes.autopilot'), disabled: !canApprove && mode !== 'autopilot' },
              ]}
              value={mode}
              onChange={(value) => setMode(value === 'autopilot' ? 'autopilot' : 'approval')}
            />
          </Stack>
          <Text size="xs" c="dimmed" maw={420}>
            {t(`campaignsApp.journeys.modeHints.${mode}`)}
          </Text>
        </Group>
        {Object.keys(params).length + (optionalNumbers[rule.rule]?.length ?? 0) > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {(optionalNumbers[rule.rule] ?? [])
              .filter((key) => !(key in params))
              .map((key) => (
                <NumberInput
                  key={key}
                  label={t(`campaignsApp.autopilot.params.${key}`, { defaultValue: key })}
                  placeholder={t('campaignsApp.autopilot.learnt')}
                  readOnly={!writable}
                  value=""
                  onChange={(next) => {
                    if (typeof next === 'number') setParam(key, next);
                  }}
                />
              ))}
            {Object.entries(params).map(([key, value]) => {
              const label = t(`campaignsApp.autopilot.params.${key}`, { defaultValue: key });
              if (typeof value === 'boolean') return <Switch key={key} mt="lg" label={label} disabled={!writable} checked={value} onChange={(event) => setParam(key, event.currentTarget.checked)} />;
              if (typeof value === 'number') {
                const optional = optionalNumbers[rule.rule]?.includes(key) === true;
                return (
                  <NumberInput
                    key={key}
                    label={label}
                    placeholder={optional ? t('campaignsApp.autopilot.learnt') : undefined}
                    readOnly={!writable}
                    value={value}
                    onChange={(next) => {
                      if (typeof next === 'number') setParam(key, next);
                      else if (optional) setParams(({ [key]: _dropped, ...rest }) => rest);
                    }}
                  />
                );
              }
              if (typeof value === 'string') return <TextInput key={key} label={label} readOnly={!writable} value={value} onChange={(event) => setParam(key, event.currentTarget.value)} />;
              return (
                <TextInput key={key} label={label} readOnly value={JSON.stringify(value)} description={t('campaignsApp.autopilot.notEditable')} />
              );
            })}
          </SimpleGrid>
        )}
        {rule.enabled && rule.enabledAt !== null && (
          <Text size="xs" c="dimmed">
            {t('campaignsApp.autopilot.enabledSince', { when: time.dateTime(rule.enabledAt) })}
          </Text>
        )}
        <Group justify="space-between">
          <Group gap="xs">
            {rule.journeyId !== null && (
              <Anchor component={Link} to={`/campaigns/journeys/${rule.journeyId}`} size="sm">
                {t('campaignsApp.autopilot.journey')}
              </Anchor>
            )}
            {rule.campaignIds.map((id, index) => (
              <Anchor key={id} component={Link} to={`/campaigns/list/${id}`} size="sm">
                <Badge variant="outline" radius="sm" style={{ cursor: 'pointer' }}>
                  {t('campaignsApp.autopilot.campaign', { number: index + 1 })}
                </Badge>
              </Anchor>
            ))}
          </Group>
          {writable && (
            <Button leftSection={<IconDeviceFloppy size={16} />} disabled={!dirty} loading={busy} onClick={() => void save()}>
              {t('common.save')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export function AutopilotPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const autopilot = useAutopilot();
  const rules = autopilot.data?.rules ?? [];
  return (
    <>
      <PageHeader title={t('campaignsApp.autopilot.title')} description={t('campaignsApp.autopilot.description')} />
      <QueryState query={autopilot}>
        {rules.length === 0 ? (
          <Card py="xl">
            <EmptyState icon={<IconRobot size={28} />} withIndicatorBackground title={t('campaignsApp.autopilot.emptyTitle')} description={t('campaignsApp.autopilot.emptyDescription')} />
          </Card>
        ) : (
          <Stack>
            {rules.map((rule) => (
              <RuleCard key={`${rule.rule}-${JSON.stringify(rule)}`} rule={rule} writable={can('campaigns:write')} />
            ))}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
