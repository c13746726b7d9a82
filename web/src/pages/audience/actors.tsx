import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useStaff } from '../../api/queries.ts';
import { useSession } from '../../session/session.tsx';

/*
 * Who did something, from the refs the audit log and privacy requests keep
 * ('staff:<id>', 'api_key:<id>', 'contact:<id>', 'system:<job>'). Staff names are shown
 * to those who may list the staff; the others see the role of the actor.
 */

export function useActorNames(): Map<string, string> {
  const { can, session } = useSession();
  const staff = useStaff(can('staff:manage'));
  const names = new Map<string, string>([[session.staff.id, session.staff.name]]);
  for (const member of staff.data ?? []) names.set(member.id, member.name);
  return names;
}

export function ActorName({ actor, names }: { actor: string; names: Map<string, string> }) {
  const { t } = useTranslation();
  const [kind, id = ''] = actor.split(/:(.*)/s);
  let label: string;
  if (kind === 'staff') label = names.get(id) ?? t('actors.staff');
  else if (kind === 'api_key') label = t('actors.apiKey');
  else if (kind === 'contact') label = t('actors.contact');
  else if (kind === 'system') label = t('actors.system', { job: id });
  else label = actor;
  return (
    <Text size="sm" title={actor}>
      {label}
    </Text>
  );
}

/** Whose data an entry is about: the contact, named by the end of its id (a log names no one in clear). */
export function ContactLink({ id }: { id: string }) {
  return (
    <Anchor component={Link} to={`/audience/contacts/${id}`} size="sm" ff="monospace">
      {id.slice(-8)}
    </Anchor>
  );
}
