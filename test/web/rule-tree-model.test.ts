import { describe, expect, it } from 'vitest';
import type { SegmentRule } from '../../web/src/api/audienceTypes.ts';
import {
  addChild,
  buildRule,
  conditionCount,
  defaultCondition,
  depthOf,
  emptyTree,
  incompleteReason,
  levelOf,
  newCondition,
  newGroup,
  normalisePath,
  placeErrors,
  removeNode,
  setOp,
  toggleNegated,
  treeOf,
  updateCondition,
  type Condition,
  type GroupNode,
} from '../../web/src/pages/audience/ruleTreeModel.ts';

/* The segment builder's tree (web/src/pages/audience/ruleTreeModel.ts) and the rule it sends. */

const language = (values: string[]): Condition => ({ kind: 'language', values });
type Behaviour = Extract<Condition, { kind: 'booked' | 'attended' }>;
const attended = (change: Partial<Behaviour> = {}): Condition => ({ ...(defaultCondition('attended') as Behaviour), ...change });

describe('the rule a segment tree sends', () => {
  it('is nothing for an empty tree, so that nothing is counted yet', () => {
    expect(buildRule(emptyTree()).rule).toBeNull();
  });

  it('is an "all of" group of the conditions added to the root', () => {
    let tree = emptyTree();
    tree = addChild(tree, tree.id, newCondition(language(['de'])));
    tree = addChild(tree, tree.id, newCondition(attended({ atLeast: 2, months: 12, target: 'genre', genre: 'opera' })));
    expect(buildRule(tree).rule).toEqual({ all: [{ language: ['de'] }, { attended: { atLeast: 2, months: 12, genre: 'opera' } }] });
  });

  it('leaves out incomplete conditions and groups with nothing complete inside', () => {
    let tree = emptyTree();
    const incomplete = newCondition(language([]));
    const inner = newGroup('any', [newCondition({ kind: 'segment', segmentId: null })]);
    tree = addChild(tree, tree.id, incomplete);
    tree = addChild(tree, tree.id, inner);
    tree = addChild(tree, tree.id, newCondition({ kind: 'consent', purpose: 'newsletter' }));
    const built = buildRule(tree);
    expect(built.rule).toEqual({ all: [{ consent: 'newsletter' }] });
    expect(built.skipped).toEqual(new Set([incomplete.id, inner.id, (inner.children[0] as { id: string }).id]));
  });

  it('wraps a negated node in "not" and sends "ever" as no months', () => {
    let tree = emptyTree();
    const condition = newCondition(attended({ months: null, target: 'any' }));
    tree = addChild(tree, tree.id, condition);
    tree = toggleNegated(tree, condition.id);
    tree = setOp(tree, tree.id, 'any');
    expect(buildRule(tree).rule).toEqual({ any: [{ not: { attended: { atLeast: 1 } } }] });
  });

  it('names the target of a behaviour condition only when it is chosen', () => {
    const tree = addChild(emptyTree(), 'x', newCondition(language(['de'])));
    expect(tree.children).toHaveLength(0); // no group with that id: nothing added
    const withTarget = attended({ target: 'any', genre: 'opera', productionId: null });
    const root = emptyTree();
    expect(buildRule(addChild(root, root.id, newCondition(withTarget))).rule).toEqual({ all: [{ attended: { atLeast: 1, months: 24 } }] });
  });
});

describe('a saved rule opened in the builder', () => {
  const rules: SegmentRule[] = [
    { all: [{ language: ['de'] }, { not: { any: [{ opened: { days: 30 } }, { clicked: { days: 7 } }] } }] },
    { any: [{ booked: { atLeast: 3, months: 24, productionId: '0199b1a2-0000-7000-8000-000000000001' } }, { lapsed: { months: 18 } }] },
    { all: [{ age: { min: 18, max: 30 } }, { postcode: ['10', '12'] }, { interest: ['opera'] }, { firstTime: { months: 12 } }, { consent: 'post_phone' }, { segment: '0199b1a2-0000-7000-8000-000000000002' }] },
    { not: { all: [{ attended: { atLeast: 1, unitId: '0199b1a2-0000-7000-8000-000000000003' } }] } },
  ];

  it('comes back as the same rule', () => {
    for (const rule of rules) expect(buildRule(treeOf(rule)).rule).toEqual(rule);
  });

  it('has a group at its root even when the rule is one condition', () => {
    const tree = treeOf({ language: ['en'] });
    expect(tree.type).toBe('group');
    expect(buildRule(tree).rule).toEqual({ all: [{ language: ['en'] }] });
  });

  it('keeps a double negation', () => {
    const rule: SegmentRule = { all: [{ not: { not: { language: ['de'] } } }] };
    expect(buildRule(treeOf(rule)).rule).toEqual({ all: [{ not: { all: [{ not: { language: ['de'] } }] } }] });
  });
});

describe('editing the tree', () => {
  it('removes a node anywhere and empties the root instead of removing it', () => {
    let tree = emptyTree();
    const group = newGroup('any');
    tree = addChild(tree, tree.id, group);
    const condition = newCondition(language(['de']));
    tree = addChild(tree, group.id, condition);
    expect(conditionCount(tree)).toBe(1);
    expect(conditionCount(removeNode(tree, condition.id))).toBe(0);
    expect(removeNode(tree, tree.id).children).toEqual([]);
  });

  it('changes one condition and leaves the rest of the tree as it was', () => {
    let tree = emptyTree();
    const first = newCondition(language(['de']));
    const second = newCondition({ kind: 'opened', days: 30 });
    tree = addChild(addChild(tree, tree.id, first), tree.id, second);
    const next = updateCondition(tree, second.id, () => ({ kind: 'opened', days: 7 }));
    expect(next.children[0]).toBe(tree.children[0]);
    expect(buildRule(next).rule).toEqual({ all: [{ language: ['de'] }, { opened: { days: 7 } }] });
  });

  it('counts levels like the server: NOT and groups each add one', () => {
    let tree: GroupNode = emptyTree();
    const group = newGroup('any');
    tree = addChild(tree, tree.id, group);
    const condition = newCondition(language(['de']));
    tree = addChild(tree, group.id, condition);
    expect(depthOf(tree)).toBe(3);
    tree = toggleNegated(tree, group.id);
    expect(depthOf(tree)).toBe(4);
    expect(levelOf(tree, condition.id)).toBe(4);
  });

  it('knows which conditions are not filled in yet', () => {
    expect(incompleteReason(language([]))).toBe('segments.incomplete.values');
    expect(incompleteReason({ kind: 'age', min: null, max: null })).toBe('segments.incomplete.age');
    expect(incompleteReason({ kind: 'age', min: 40, max: 30 })).toBe('segments.incomplete.ageOrder');
    expect(incompleteReason(attended({ target: 'production', productionId: null }))).toBe('segments.incomplete.production');
    expect(incompleteReason(attended({ target: 'any' }))).toBeNull();
  });
});

describe('errors of the server placed at their node', () => {
  it('finds the node and the field of a path in either notation', () => {
    let tree = emptyTree();
    const first = newCondition(language(['de']));
    const group = newGroup('any', [newCondition({ kind: 'opened', days: 30 }), newCondition(attended())]);
    tree = addChild(addChild(tree, tree.id, first), tree.id, group);
    tree = toggleNegated(tree, group.id);
    const built = buildRule(tree);
    const second = group.children[1] as { id: string };
    const { byNode, rest } = placeErrors(
      [
        { field: 'body.rules.all.1.not.any.1.attended.months', message: 'too many months' },
        { field: 'rules.all[0].language[0]', message: 'not a language' },
        { field: 'rules', message: 'too big' },
        { field: 'name', message: 'required' },
      ],
      built,
    );
    expect(byNode.get(second.id)).toEqual([{ field: 'months', message: 'too many months' }]);
    expect(byNode.get(first.id)).toEqual([{ field: '', message: 'not a language' }]);
    expect(byNode.get(tree.id)).toEqual([{ field: '', message: 'too big' }]);
    expect(rest).toEqual([{ field: 'name', message: 'required' }]);
  });

  it('does not mistake the eleventh child for the second', () => {
    let tree = emptyTree();
    const children = Array.from({ length: 11 }, () => newCondition(language(['de'])));
    for (const child of children) tree = addChild(tree, tree.id, child);
    const { byNode } = placeErrors([{ field: 'rules.all[10].language', message: 'bad' }], buildRule(tree));
    expect([...byNode.keys()]).toEqual([children[10]?.id]);
  });

  it('normalises zod paths to the server model notation', () => {
    expect(normalisePath('body.rules.all.2.attended.months')).toBe('rules.all[2].attended.months');
    expect(normalisePath('rules.any[0].postcode[3]')).toBe('rules.any[0].postcode[3]');
  });
});
