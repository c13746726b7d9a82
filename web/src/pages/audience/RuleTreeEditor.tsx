import { ActionIcon, Badge, Button, Group, Menu, Paper, SegmentedControl, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconFolderPlus, IconLogicNot, IconPlus, IconTrash } from '@tabler/icons-react';
import { useSession } from '../../session/session.tsx';
import { useTranslation } from 'react-i18next';
import { ConditionFields } from './ConditionFields.tsx';
import { conditionIcon } from './conditionIcons.ts';
import {
  addChild,
  conditionCount,
  conditionMenu,
  defaultCondition,
  depthOf,
  incompleteReason,
  levelOf,
  newCondition,
  newGroup,
  removeNode,
  setOp,
  toggleNegated,
  treeLimits,
  updateCondition,
  type ConditionNode,
  type GroupNode,
  type NodeError,
  type RuleNode,
} from './ruleTreeModel.ts';

/*
 * The visual rule tree: groups ("all of" / "any of") with conditions and groups inside,
 * each node negatable. A node the server refused shows the message where it is; a
 * condition not filled in yet says so and is not counted.
 */

interface EditorProps {
  tree: GroupNode;
  onChange: (change: (tree: GroupNode) => GroupNode) => void;
  errors: Map<string, NodeError[]>;
  skipped: Set<string>;
  segmentId: string | undefined;
}

function NodeMessages({ errors }: { errors: readonly NodeError[] | undefined }) {
  const messages = (errors ?? []).filter((error) => error.field === '');
  if (messages.length === 0) return null;
  return (
    <Stack gap={2} role="alert">
      {messages.map((error, index) => (
        <Text key={index} size="xs" c="red">
          {error.message}
        </Text>
      ))}
    </Stack>
  );
}

function NotToggle({ node, editor }: { node: RuleNode; editor: EditorProps }) {
  const { t } = useTranslation();
  const wouldBe = depthOf(toggleNegated(editor.tree, node.id));
  const blocked = !node.negated && wouldBe > treeLimits.depth;
  return (
    <Tooltip label={node.negated ? t('segments.notOff') : blocked ? t('segments.tooDeep') : t('segments.notOn')}>
      <ActionIcon
        variant={node.negated ? 'filled' : 'subtle'}
        color={node.negated ? 'orange' : 'gray'}
        onClick={() => editor.onChange((tree) => toggleNegated(tree, node.id))}
        aria-label={t('segments.not')}
        aria-pressed={node.negated}
        disabled={blocked}
      >
        <IconLogicNot size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

function ConditionView({ node, editor }: { node: ConditionNode; editor: EditorProps }) {
  const { t } = useTranslation();
  const Icon = conditionIcon[node.condition.kind];
  const label = t(`segments.conditions.${node.condition.kind}`);
  const incomplete = incompleteReason(node.condition);
  const errors = editor.errors.get(node.id) ?? [];
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="rule-condition"
      style={{ borderColor: errors.length > 0 ? 'var(--mantine-color-red-5)' : undefined, background: node.negated ? 'var(--mantine-color-orange-0)' : undefined }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={6} style={{ flex: 1 }}>
          <Group gap={8} wrap="nowrap">
            <ThemeIcon variant="light" size="sm" radius="sm">
              <Icon size={14} />
            </ThemeIcon>
            {node.negated && (
              <Badge size="xs" color="orange" radius="sm">
                {t('segments.notBadge')}
              </Badge>
            )}
            <Text size="sm" fw={600}>
              {label}
            </Text>
          </Group>
          <ConditionFields
            condition={node.condition}
            errors={errors}
            label={label}
            segmentId={editor.segmentId}
            onChange={(condition) => editor.onChange((tree) => updateCondition(tree, node.id, () => condition))}
          />
          {incomplete !== null && (
            <Text size="xs" c="dimmed" fs="italic">
              {t(incomplete)}
            </Text>
          )}
          <NodeMessages errors={errors} />
        </Stack>
        <Group gap={2} wrap="nowrap">
          <NotToggle node={node} editor={editor} />
          <Tooltip label={t('segments.removeCondition')}>
            <ActionIcon variant="subtle" color="gray" onClick={() => editor.onChange((tree) => removeNode(tree, node.id))} aria-label={t('segments.removeCondition')}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Paper>
  );
}

function AddMenu({ group, editor }: { group: GroupNode; editor: EditorProps }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const level = levelOf(editor.tree, group.id) ?? 1;
  const full = conditionCount(editor.tree) >= treeLimits.conditions;
  const canCondition = !full && level + 1 <= treeLimits.depth;
  const canGroup = !full && level + 2 <= treeLimits.depth;
  return (
    <Group gap="xs">
      <Menu shadow="md" width={260} position="bottom-start">
        <Menu.Target>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={!canCondition}>
            {t('segments.addCondition')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {conditionMenu.map((section, index) => (
            <div key={section.group}>
              {index > 0 && <Menu.Divider />}
              <Menu.Label>{t(`segments.menu.${section.group}`)}</Menu.Label>
              {section.kinds.map((kind) => {
                const Icon = conditionIcon[kind];
                return (
                  <Menu.Item
                    key={kind}
                    leftSection={<Icon size={16} />}
                    onClick={() =>
                      editor.onChange((tree) => addChild(tree, group.id, newCondition(defaultCondition(kind, { language: session.house.defaultLanguage }))))
                    }
                  >
                    {t(`segments.conditions.${kind}`)}
                  </Menu.Item>
                );
              })}
            </div>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button
        size="xs"
        variant="subtle"
        leftSection={<IconFolderPlus size={14} />}
        disabled={!canGroup}
        onClick={() => editor.onChange((tree) => addChild(tree, group.id, newGroup(group.op === 'all' ? 'any' : 'all')))}
      >
        {t('segments.addGroup')}
      </Button>
    </Group>
  );
}

function GroupView({ node, editor, root }: { node: GroupNode; editor: EditorProps; root: boolean }) {
  const { t } = useTranslation();
  const errors = editor.errors.get(node.id);
  const color = node.op === 'all' ? 'var(--mantine-color-foyer-6)' : 'var(--mantine-color-indigo-5)';
  return (
    <Paper
      withBorder={!root}
      p={root ? 0 : 'sm'}
      data-testid={root ? 'rule-root' : 'rule-group'}
      style={{
        borderLeft: root ? undefined : `3px solid ${color}`,
        background: node.negated ? 'var(--mantine-color-orange-0)' : root ? undefined : 'var(--mantine-color-gray-0)',
      }}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="wrap">
            {node.negated && (
              <Badge size="sm" color="orange" radius="sm">
                {t('segments.notBadge')}
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {t('segments.matchPrefix')}
            </Text>
            <SegmentedControl
              size="xs"
              aria-label={t('segments.groupOp')}
              value={node.op}
              onChange={(value) => editor.onChange((tree) => setOp(tree, node.id, value === 'any' ? 'any' : 'all'))}
              data={[
                { value: 'all', label: t('segments.opAll') },
                { value: 'any', label: t('segments.opAny') },
              ]}
            />
            <Text size="sm" c="dimmed">
              {t('segments.matchSuffix')}
            </Text>
            {editor.skipped.has(node.id) && node.children.length > 0 && (
              <Tooltip label={t('segments.groupSkippedHint')}>
                <Badge size="xs" variant="light" color="gray" leftSection={<IconAlertTriangle size={10} />}>
                  {t('segments.groupSkipped')}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap={2} wrap="nowrap">
            <NotToggle node={node} editor={editor} />
            {!root && (
              <Tooltip label={t('segments.removeGroup')}>
                <ActionIcon variant="subtle" color="gray" onClick={() => editor.onChange((tree) => removeNode(tree, node.id))} aria-label={t('segments.removeGroup')}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
        <NodeMessages errors={errors} />
        {node.children.length === 0 ? (
          <Text size="sm" c="dimmed">
            {root ? t('segments.emptyRoot') : t('segments.emptyGroup')}
          </Text>
        ) : (
          <Stack gap="xs" pl={root ? 0 : 'xs'}>
            {node.children.map((child, index) => (
              <Stack key={child.id} gap="xs">
                {index > 0 && (
                  <Text size="xs" fw={700} c={node.op === 'all' ? 'foyer.8' : 'indigo.6'} tt="uppercase" pl={4}>
                    {node.op === 'all' ? t('segments.and') : t('segments.or')}
                  </Text>
                )}
                {child.type === 'group' ? <GroupView node={child} editor={editor} root={false} /> : <ConditionView node={child} editor={editor} />}
              </Stack>
            ))}
          </Stack>
        )}
        <AddMenu group={node} editor={editor} />
      </Stack>
    </Paper>
  );
}

export function RuleTreeEditor(props: EditorProps) {
  return <GroupView node={props.tree} editor={props} root />;
}
