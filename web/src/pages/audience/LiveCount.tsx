import { Anchor, Card, Group, Loader, NumberFormatter, Progress, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSegmentCount } from '../../api/audience.ts';
import { marketingPurposes, type SegmentRule } from '../../api/audienceTypes.ts';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useSession } from '../../session/session.tsx';

/*
 * The segment's size while it is being built: how many contacts match, how many of them
 * may be reached for each purpose (newsletter, post, …), and a few of them by name for
 * those allowed to see people. Counting is the server's: one SQL query per engine.
 */

type CountQuery = ReturnType<typeof useSegmentCount>;

/**
 * The count of a rule, with a sample of people when asked for: seeing people is a look at
 * their data (audited by the server), so it is switched on deliberately, by those allowed.
 */
export function useLiveCount(rules: SegmentRule | null, showSample: boolean): CountQuery {
  const { can } = useSession();
  return useSegmentCount(rules, showSample && can('audience:read'));
}

export function LiveCount({
  rules,
  count,
  showSample,
  onShowSample,
}: {
  rules: SegmentRule | null;
  count: CountQuery;
  showSample: boolean;
  onShowSample: (show: boolean) => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const refused = count.error instanceof ApiError && count.error.code === 'validation';
  const data = rules === null ? undefined : count.data;
  const total = data?.total ?? null;
  const stale = count.isPlaceholderData;
  const number = (value: number) => <NumberFormatter value={value} thousandSeparator="." decimalSeparator="," />;

  return (
    <Card data-testid="live-count">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            {t('segments.liveCount')}
          </Text>
          {count.isFetching && <Loader size={14} aria-label={t('segments.counting')} />}
        </Group>
        {rules === null ? (
          <Text size="sm" c="dimmed">
            {t('segments.countHint')}
          </Text>
        ) : (
          <>
            <Group gap="xs" align="baseline" style={{ opacity: stale ? 0.5 : 1 }}>
              <IconUsers size={22} color="var(--mantine-color-foyer-8)" />
              <Text fz={44} fw={750} lh={1} data-testid="segment-count" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {total === null ? '–' : number(total)}
              </Text>
              <Text size="sm" c="dimmed">
                {t('segments.contacts', { count: total ?? 0 })}
              </Text>
            </Group>
            {data !== undefined && (
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  {t('segments.reachableFor')}
                </Text>
                {marketingPurposes.map((purpose) => {
                  const reachable = data.reachable[purpose] ?? 0;
                  return (
                    <Stack key={purpose} gap={2}>
                      <Group justify="space-between" wrap="nowrap">
                        <Text size="sm">{t(`purposes.${purpose}`)}</Text>
                        <Text size="sm" fw={600} data-testid={`segment-reachable-${purpose}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {number(reachable)}
                        </Text>
                      </Group>
                      <Progress value={data.total === 0 ? 0 : (100 * reachable) / data.total} size="sm" color="teal" aria-hidden />
                    </Stack>
                  );
                })}
                <Text size="xs" c="dimmed">
                  {t('segments.reachableHint')}
                </Text>
              </Stack>
            )}
          </>
        )}
        {count.error !== null && !refused && <ErrorAlert error={count.error} />}
        {refused && (
          <Text size="sm" c="red" role="alert">
            {t('segments.refused')}
          </Text>
        )}
        {can('audience:read') && rules !== null && (
          <Switch
            size="sm"
            label={t('segments.showSample')}
            description={t('segments.showSampleHint')}
            checked={showSample}
            onChange={(event) => onShowSample(event.currentTarget.checked)}
          />
        )}
        {showSample && data?.sample !== undefined && data.sample.length > 0 && (
          <Stack gap={4}>
            <Title order={4} size="h6" mt="xs">
              {t('segments.sample')}
            </Title>
            <Table fz="sm" verticalSpacing={4} data-testid="segment-sample">
              <Table.Tbody>
                {data.sample.map((contact) => (
                  <Table.Tr key={contact.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/audience/contacts/${contact.id}`} size="sm">
                        {contact.name ?? contact.email}
                      </Anchor>
                      {contact.name !== null && (
                        <Text size="xs" c="dimmed">
                          {contact.email}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
