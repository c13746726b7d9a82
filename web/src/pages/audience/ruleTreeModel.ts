import type { ConsentPurpose, PerformanceRule, SegmentRule } from '../../api/audienceTypes.ts';

/*
 * The segment builder's tree, pure: what a person edits (groups, conditions, NOT) and how
 * it becomes the rule JSON the server checks and counts (src/audience/segments/model.ts).
 * Every node has an id for React; a condition that is not filled in yet is left out of
 * the rule (and shown as incomplete) instead of being sent and refused. When the server
 * refuses a rule, it names the path of the bad node ('rules.all[2].attended.months'): the
 * paths recorded while building the rule lead back to the node and its field.
 */

export const conditionKinds = [
  'language',
  'postcode',
  'age',
  'interest',
  'booked',
  'attended',
  'firstTime',
  'lapsed',
  'opened',
  'clicked',
  'consent',
  'segment',
] as const;
export type ConditionKind = (typeof conditionKinds)[number];

/** The menu of conditions, grouped the way a marketer thinks of them. */
export const conditionMenu: { group: 'attributes' | 'behaviour' | 'consent'; kinds: ConditionKind[] }[] = [
  { group: 'attributes', kinds: ['language', 'postcode', 'age', 'interest'] },
  { group: 'behaviour', kinds: ['booked', 'attended', 'firstTime', 'lapsed', 'opened', 'clicked'] },
  { group: 'consent', kinds: ['consent', 'segment'] },
];

export type PerformanceTarget = 'any' | 'genre' | 'production' | 'unit';

export type Condition =
  | { kind: 'language'; values: string[] }
  | { kind: 'postcode'; values: string[] }
  | { kind: 'age'; min: number | null; max: number | null }
  | { kind: 'interest'; values: string[] }
  | {
      kind: 'booked' | 'attended';
      atLeast: number;
      /** Null: ever. */
      months: number | null;
      target: PerformanceTarget;
      genre: string | null;
      productionId: string | null;
      unitId: string | null;
    }
  | { kind: 'firstTime' | 'lapsed'; months: number }
  | { kind: 'opened' | 'clicked'; days: number }
  | { kind: 'consent'; purpose: ConsentPurpose }
  | { kind: 'segment'; segmentId: string | null };

export type GroupOp = 'all' | 'any';

export interface GroupNode {
  id: string;
  type: 'group';
  op: GroupOp;
  negated: boolean;
  children: RuleNode[];
}

export interface ConditionNode {
  id: string;
  type: 'condition';
  negated: boolean;
  condition: Condition;
}

export type RuleNode = GroupNode | ConditionNode;

/** The limits of src/audience/segments/model.ts (segmentLimits), checked before the server has to refuse. */
export const treeLimits = { depth: 6, conditions: 50 } as const;

export const DEFAULT_MONTHS = 24;
export const DEFAULT_LAPSED_MONTHS = 18;
export const DEFAULT_FIRST_TIME_MONTHS = 12;
export const DEFAULT_DAYS = 30;

let counter = 0;
/** Ids only have to be unique within one page; a counter is enough and keeps tests readable. */
export function nextId(): string {
  counter += 1;
  return `n${counter}`;
}

export function defaultCondition(kind: ConditionKind, defaults: { language?: string } = {}): Condition {
  switch (kind) {
    case 'language':
      return { kind, values: defaults.language === undefined ? [] : [defaults.language] };
    case 'postcode':
    case 'interest':
      return { kind, values: [] };
    case 'age':
      return { kind, min: null, max: null };
    case 'booked':
    case 'attended':
      return { kind, atLeast: 1, months: DEFAULT_MONTHS, target: 'any', genre: null, productionId: null, unitId: null };
    case 'firstTime':
      return { kind, months: DEFAULT_FIRST_TIME_MONTHS };
    case 'lapsed':
      return { kind, months: DEFAULT_LAPSED_MONTHS };
    case 'opened':
    case 'clicked':
      return { kind, days: DEFAULT_DAYS };
    case 'consent':
      return { kind, purpose: 'newsletter' };
    case 'segment':
      return { kind, segmentId: null };
  }
}

export function newGroup(op: GroupOp = 'all', children: RuleNode[] = []): GroupNode {
  return { id: nextId(), type: 'group', op, negated: false, children };
}

export function newCondition(condition: Condition): ConditionNode {
  return { id: nextId(), type: 'condition', negated: false, condition };
}

/** The tree a new segment starts with: an empty "all of" group. */
export function emptyTree(): GroupNode {
  return newGroup('all');
}

// ---------- completeness ----------

/** Why a condition cannot be counted yet, as an i18n key; null when it is complete. */
export function incompleteReason(condition: Condition): string | null {
  switch (condition.kind) {
    case 'language':
    case 'postcode':
    case 'interest':
      return condition.values.length === 0 ? 'segments.incomplete.values' : null;
    case 'age':
      if (condition.min === null && condition.max === null) return 'segments.incomplete.age';
      if (condition.min !== null && condition.max !== null && condition.min > condition.max) return 'segments.incomplete.ageOrder';
      return null;
    case 'booked':
    case 'attended':
      if (condition.target === 'genre' && condition.genre === null) return 'segments.incomplete.genre';
      if (condition.target === 'production' && condition.productionId === null) return 'segments.incomplete.production';
      if (condition.target === 'unit' && condition.unitId === null) return 'segments.incomplete.unit';
      return null;
    case 'segment':
      return condition.segmentId === null ? 'segments.incomplete.segment' : null;
    default:
      return null;
  }
}

// ---------- to the server's rule ----------

function conditionRule(condition: Condition): SegmentRule {
  switch (condition.kind) {
    case 'language':
      return { language: condition.values };
    case 'postcode':
      return { postcode: condition.values };
    case 'interest':
      return { interest: condition.values };
    case 'age': {
      const band: { min?: number; max?: number } = {};
      if (condition.min !== null) band.min = condition.min;
      if (condition.max !== null) band.max = condition.max;
      return { age: band };
    }
    case 'booked':
    case 'attended': {
      const body: PerformanceRule = { atLeast: condition.atLeast };
      if (condition.months !== null) body.months = condition.months;
      if (condition.target === 'genre' && condition.genre !== null) body.genre = condition.genre;
      if (condition.target === 'production' && condition.productionId !== null) body.productionId = condition.productionId;
      if (condition.target === 'unit' && condition.unitId !== null) body.unitId = condition.unitId;
      return condition.kind === 'booked' ? { booked: body } : { attended: body };
    }
    case 'firstTime':
      return { firstTime: { months: condition.months } };
    case 'lapsed':
      return { lapsed: { months: condition.months } };
    case 'opened':
      return { opened: { days: condition.days } };
    case 'clicked':
      return { clicked: { days: condition.days } };
    case 'consent':
      return { consent: condition.purpose };
    case 'segment':
      return { segment: condition.segmentId ?? '' };
  }
}

export interface BuiltRule {
  /** Null when nothing complete is left to count. */
  rule: SegmentRule | null;
  /** Where each node ended up: 'rules.all[2]' -> node id (both before and after a 'not'). */
  paths: Map<string, string>;
  /** Nodes left out: incomplete conditions and groups with nothing complete inside. */
  skipped: Set<string>;
}

/** The rule to send for a tree, with the path of every node in it. `root` is the name of the rule field. */
export function buildRule(tree: RuleNode, root = 'rules'): BuiltRule {
  const paths = new Map<string, string>();
  const skipped = new Set<string>();

  const build = (node: RuleNode, path: string): SegmentRule | null => {
    const inner = node.negated ? `${path}.not` : path;
    let rule: SegmentRule | null;
    if (node.type === 'condition') {
      rule = incompleteReason(node.condition) === null ? conditionRule(node.condition) : null;
    } else {
      const children: SegmentRule[] = [];
      for (const child of node.children) {
        const built = build(child, `${inner}.${node.op}[${children.length}]`);
        if (built !== null) children.push(built);
      }
      rule = children.length === 0 ? null : node.op === 'all' ? { all: children } : { any: children };
    }
    if (rule === null) {
      skipped.add(node.id);
      return null;
    }
    paths.set(path, node.id);
    paths.set(inner, node.id);
    return node.negated ? { not: rule } : rule;
  };

  const rule = build(tree, root);
  // Paths of nodes that were later dropped with their group must not catch errors.
  for (const [path, id] of [...paths]) {
    if (rule === null || skipped.has(id)) paths.delete(path);
  }
  return { rule, paths, skipped };
}

// ---------- from the server's rule ----------

const performanceTarget = (body: PerformanceRule): Condition & { kind: 'booked' | 'attended' } => ({
  kind: 'booked',
  atLeast: body.atLeast ?? 1,
  months: body.months ?? null,
  target: body.genre !== undefined ? 'genre' : body.productionId !== undefined ? 'production' : body.unitId !== undefined ? 'unit' : 'any',
  genre: body.genre ?? null,
  productionId: body.productionId ?? null,
  unitId: body.unitId ?? null,
});

function conditionOf(rule: SegmentRule): Condition | null {
  if ('language' in rule) return { kind: 'language', values: [...rule.language] };
  if ('postcode' in rule) return { kind: 'postcode', values: [...rule.postcode] };
  if ('interest' in rule) return { kind: 'interest', values: [...rule.interest] };
  if ('age' in rule) return { kind: 'age', min: rule.age.min ?? null, max: rule.age.max ?? null };
  if ('booked' in rule) return { ...performanceTarget(rule.booked), kind: 'booked' };
  if ('attended' in rule) return { ...performanceTarget(rule.attended), kind: 'attended' };
  if ('firstTime' in rule) return { kind: 'firstTime', months: rule.firstTime.months ?? DEFAULT_FIRST_TIME_MONTHS };
  if ('lapsed' in rule) return { kind: 'lapsed', months: rule.lapsed.months ?? DEFAULT_LAPSED_MONTHS };
  if ('opened' in rule) return { kind: 'opened', days: rule.opened.days };
  if ('clicked' in rule) return { kind: 'clicked', days: rule.clicked.days };
  if ('consent' in rule) return { kind: 'consent', purpose: rule.consent };
  if ('segment' in rule) return { kind: 'segment', segmentId: rule.segment };
  return null;
}

function nodeOf(rule: SegmentRule, negated: boolean): RuleNode {
  if ('not' in rule) {
    // NOT of a NOT: the outer one becomes a group around the inner.
    if (negated) return { ...newGroup('all', [nodeOf(rule.not, true)]), negated: true };
    return nodeOf(rule.not, true);
  }
  if ('all' in rule || 'any' in rule) {
    const op: GroupOp = 'all' in rule ? 'all' : 'any';
    const list = 'all' in rule ? rule.all : rule.any;
    return { ...newGroup(op, list.map((child) => nodeOf(child, false))), negated };
  }
  const condition = conditionOf(rule);
  if (condition === null) throw new Error(`unknown segment rule: ${Object.keys(rule).join(', ')}`);
  return { ...newCondition(condition), negated };
}

/** The editable tree of a saved rule. The root is always a group, so that conditions can be added to it. */
export function treeOf(rule: SegmentRule | null): GroupNode {
  if (rule === null) return emptyTree();
  const node = nodeOf(rule, false);
  return node.type === 'group' ? node : newGroup('all', [node]);
}

// ---------- editing (immutable) ----------

function mapNode(node: RuleNode, id: string, change: (node: RuleNode) => RuleNode | null): RuleNode | null {
  if (node.id === id) return change(node);
  if (node.type === 'condition') return node;
  let changed = false;
  const children: RuleNode[] = [];
  for (const child of node.children) {
    const next = mapNode(child, id, change);
    if (next !== child) changed = true;
    if (next !== null) children.push(next);
  }
  return changed ? { ...node, children } : node;
}

function applyTo(tree: GroupNode, id: string, change: (node: RuleNode) => RuleNode | null): GroupNode {
  const next = mapNode(tree, id, change);
  // The root cannot be removed or become a condition: removing it empties it instead.
  if (next === null) return { ...tree, children: [] };
  return next.type === 'group' ? next : tree;
}

export function addChild(tree: GroupNode, groupId: string, child: RuleNode): GroupNode {
  return applyTo(tree, groupId, (node) => (node.type === 'group' ? { ...node, children: [...node.children, child] } : node));
}

export function removeNode(tree: GroupNode, id: string): GroupNode {
  return applyTo(tree, id, () => null);
}

export function setOp(tree: GroupNode, groupId: string, op: GroupOp): GroupNode {
  return applyTo(tree, groupId, (node) => (node.type === 'group' ? { ...node, op } : node));
}

export function toggleNegated(tree: GroupNode, id: string): GroupNode {
  return applyTo(tree, id, (node) => ({ ...node, negated: !node.negated }));
}

export function updateCondition(tree: GroupNode, id: string, change: (condition: Condition) => Condition): GroupNode {
  return applyTo(tree, id, (node) => (node.type === 'condition' ? { ...node, condition: change(node.condition) } : node));
}

// ---------- measures ----------

/** Levels of a node as the server counts them: a lone condition is 1, a group around it 2; NOT adds one. */
export function depthOf(node: RuleNode): number {
  const own = node.type === 'condition' ? 1 : 1 + Math.max(0, ...node.children.map(depthOf));
  return own + (node.negated ? 1 : 0);
}

export function conditionCount(node: RuleNode): number {
  return node.type === 'condition' ? 1 : node.children.reduce((sum, child) => sum + conditionCount(child), 0);
}

/** How many levels a node sits below the root (the root is 1), NOTs included: to stop adding groups past the limit. */
export function levelOf(tree: RuleNode, id: string, level = 1): number | null {
  const here = level + (tree.negated ? 1 : 0);
  if (tree.id === id) return here;
  if (tree.type === 'condition') return null;
  for (const child of tree.children) {
    const found = levelOf(child, id, here + 1);
    if (found !== null) return found;
  }
  return null;
}

// ---------- the server's errors, placed at their node ----------

export interface NodeError {
  /** The field inside the node ('months', 'genre'), or '' for the node as a whole. */
  field: string;
  message: string;
}

/** 'body.rules.all.2.attended.months' or 'rules.all[2].attended.months' -> 'rules.all[2].attended.months'. */
export function normalisePath(field: string): string {
  return field
    .replace(/^(body|querystring|params)\./, '')
    .replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/**
 * Errors by node id. Each error goes to the deepest node whose path starts it; the rest
 * of the path, without the condition's own key, names the field. Errors that name no
 * node (outside the rule) come back in `rest`.
 */
export function placeErrors(
  errors: readonly { field?: string; message: string }[],
  built: Pick<BuiltRule, 'paths'>,
  root = 'rules',
): { byNode: Map<string, NodeError[]>; rest: { field: string; message: string }[] } {
  const byNode = new Map<string, NodeError[]>();
  const rest: { field: string; message: string }[] = [];
  const known = [...built.paths.keys()].sort((a, b) => b.length - a.length);
  for (const error of errors) {
    const field = normalisePath(error.field ?? '');
    const match = known.find((path) => field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`));
    if (match === undefined || !(field === root || field.startsWith(`${root}.`) || field.startsWith(`${root}[`))) {
      rest.push({ field, message: error.message });
      continue;
    }
    const id = built.paths.get(match) ?? '';
    const remainder = field.slice(match.length).replace(/^\./, '');
    // 'attended.months' -> 'months': the condition's key is the node itself.
    const inner = remainder.includes('.') ? remainder.slice(remainder.indexOf('.') + 1) : '';
    const list = byNode.get(id) ?? [];
    list.push({ field: inner.replace(/\[\d+\]$/, ''), message: error.message });
    byNode.set(id, list);
  }
  return { byNode, rest };
}
