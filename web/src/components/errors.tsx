import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

const knownCodes = new Set([
  'validation',
  'unreadable_input',
  'not_found',
  'conflict',
  'unauthenticated',
  'forbidden',
  'csrf',
  'busy',
  'setup_required',
  'setup_done',
  'rate_limited',
  'upstream',
  'too_large',
  'unsupported_media_type',
  'bad_request',
  'network',
  'internal',
]);

/** A translated headline for an error: what kind of problem it is. */
export function errorTitle(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && knownCodes.has(error.code)) return t(`errors.${error.code}`);
  return t('errors.internal');
}

/** The server's own words, where they add something (which unit, which file line). */
export function errorDetail(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'internal' || error.code === 'network' || error.message.startsWith('HTTP ')) return null;
  return error.message;
}

/** The part of a Mantine form that errors are written to. */
export interface ErrorTarget {
  getValues(): unknown;
  setErrors(errors: Record<string, string>): void;
}

function hasPath(values: unknown, path: string): boolean {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return false;
    if (!(part in (current as Record<string, unknown>))) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

/**
 * Puts the server's field messages next to the form's inputs. Returns the messages that
 * name no field of this form, for the alert above it.
 */
export function applyFieldErrors(form: ErrorTarget, error: unknown, alias: (field: string) => string = (field) => field): string[] {
  if (!(error instanceof ApiError)) return [];
  const fields = error.fieldErrors();
  const placed: Record<string, string> = {};
  const rest: string[] = [];
  const values: unknown = form.getValues();
  for (const [field, message] of Object.entries(fields)) {
    const target = alias(field);
    if (hasPath(values, target)) placed[target] = message;
    else rest.push(`${field}: ${message}`);
  }
  form.setErrors(placed);
  return rest;
}

/** The server's messages for the named fields of a form that keeps its own state (not a Mantine form). */
export function fieldErrorsOf(error: unknown, fields: string[]): Record<string, string> {
  const placed: Record<string, string> = {};
  applyFieldErrors({ getValues: () => Object.fromEntries(fields.map((field) => [field, null])), setErrors: (errors) => Object.assign(placed, errors) }, error);
  return placed;
}

export function ErrorAlert({ error, extra, title }: { error: unknown; extra?: string[]; title?: string }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const detail = errorDetail(error);
  const validation = error instanceof ApiError && error.code === 'validation';
  const lines = extra ?? [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={title ?? errorTitle(t, error)} role="alert">
      {validation ? (
        lines.length > 0 ? (
          <List size="sm" spacing={2}>
            {lines.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">{t('errors.checkFields')}</Text>
        )
      ) : (
        detail !== null && <Text size="sm">{detail}</Text>
      )}
    </Alert>
  );
}
