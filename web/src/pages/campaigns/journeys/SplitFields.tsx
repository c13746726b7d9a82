import { ActionIcon, Button, Group, NumberInput, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { JourneyNode } from '../../../../../src/campaigns/journeys/definition.ts';

/* The variants of a split step, each a key and a weight; between two and five. */

export function SplitFields({ step, onChange, error, readOnly }: { step: Extract<JourneyNode, { type: 'split' }>; onChange: (step: JourneyNode) => void; error: (path: string) => string | undefined; readOnly: boolean }) {
  const { t } = useTranslation();
  const setVariant = (index: number, change: Partial<{ key: string; weight: number }>) =>
    onChange({ ...step, variants: step.variants.map((variant, at) => (at === index ? { ...variant, ...change } : variant)) });
  const total = step.variants.reduce((sum, variant) => sum + variant.weight, 0);
  return (
    <Stack gap="sm">
      {step.variants.map((variant, index) => (
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            label={t('campaignsApp.journeys.fields.variantKey')}
            w={110}
            readOnly={readOnly}
            value={variant.key}
            error={error(`variants.${index}.key`)}
            onChange={(event) => setVariant(index, { key: event.currentTarget.value })}
          />
          <NumberInput
            label={t('campaignsApp.journeys.fields.weight')}
            description={total > 0 ? `${Math.round((variant.weight / total) * 100)} %` : undefined}
            min={1}
            max={100}
            w={110}
            readOnly={readOnly}
            value={variant.weight}
            error={error(`variants.${index}.weight`)}
            onChange={(value) => setVariant(index, { weight: typeof value === 'number' ? value : 0 })}
          />
          {!readOnly && step.variants.length > 2 && (
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={t('campaignsApp.journeys.removeVariant', { key: variant.key })}
              onClick={() => onChange({ ...step, variants: step.variants.filter((_, at) => at !== index) })}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && step.variants.length < 5 && (
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => {
            const taken = new Set(step.variants.map((variant) => variant.key));
            const key = ['A', 'B', 'C', 'D', 'E', 'F'].find((candidate) => !taken.has(candidate)) ?? `V${step.variants.length + 1}`;
            onChange({ ...step, variants: [...step.variants, { key, weight: 50 }] });
          }}
        >
          {t('campaignsApp.journeys.addVariant')}
        </Button>
      )}
    </Stack>
  );
}
