import type { Scope } from '../../core/auth/model.ts';
import type { Executor } from '../../core/db/database.ts';
import { fromJson } from '../../core/db/json.ts';
import { DomainError, type ErrorDetail } from '../../core/errors.ts';
import type { ResolvedSegment } from './compile.ts';
import { checkRule, fieldPath, measure, segmentLimits, type SegmentRule, walk } from './model.ts';
import * as store from './store.ts';

/*
 * Before a rule tree is counted or saved: its shape (model.checkRule), then every id in it
 * must name something of this house (and, within a unit, of the unit), and the saved
 * segments it refers to are loaded, with their own references, down to a fixed depth and
 * without cycles. Errors name the path of the node in the tree.
 */

function refused(details: ErrorDetail[]): DomainError {
  return new DomainError('validation', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}

export function parseRules(input: unknown): SegmentRule {
  const checked = checkRule(input, 'rules');
  if (!checked.ok) throw refused(checked.problems);
  return checked.rule;
}

export function segmentFromRow(row: store.SegmentRow): ResolvedSegment {
  return {
    id: row.id,
    unitId: row.unit_id,
    kind: row.kind === 'static' ? 'static' : 'rules',
    rules: row.kind === 'rules' ? fromJson<SegmentRule | null>(row.rules, null) : null,
  };
}

/**
 * Checks the ids a tree names. `unitId` is the unit the tree is evaluated within (the
 * segment's unit, or the unit of the staff member): productions and units outside it are
 * refused as if they did not exist.
 */
export async function checkIds(db: Executor, houseId: string, unitId: string | null, rule: SegmentRule): Promise<void> {
  const productions: { id: string; field: string }[] = [];
  const units: { id: string; field: string }[] = [];
  walk(rule, (node, path) => {
    const target = 'booked' in node ? { key: 'booked', value: node.booked } : 'attended' in node ? { key: 'attended', value: node.attended } : undefined;
    if (target === undefined) return;
    if (target.value.productionId !== undefined) productions.push({ id: target.value.productionId, field: fieldPath('rules', [...path, target.key, 'productionId']) });
    if (target.value.unitId !== undefined) units.push({ id: target.value.unitId, field: fieldPath('rules', [...path, target.key, 'unitId']) });
  });
  const scope: Scope = { houseId, unitId };
  const knownProductions = await store.existingProductions(db, scope, [...new Set(productions.map((p) => p.id))]);
  const knownUnits = await store.existingUnits(db, scope, [...new Set(units.map((u) => u.id))]);
  const problems: ErrorDetail[] = [
    ...productions.filter((p) => !knownProductions.has(p.id)).map((p) => ({ field: p.field, message: `no production ${p.id} in this ${unitId === null ? 'house' : 'unit'}` })),
    ...units.filter((u) => !knownUnits.has(u.id)).map((u) => ({ field: u.field, message: `no unit ${u.id} ${unitId === null ? 'in this house' : 'here: a unit segment sees only its own unit'}` })),
  ];
  if (problems.length > 0) throw refused(problems);
}

/**
 * Loads the saved segments a tree refers to, and theirs, into one map for the compiler.
 * `own` is the segment being saved or counted (its id is part of the chain, so that a
 * segment cannot come back to itself) and the unit it lives in: a unit segment may only
 * refer to segments of the same unit; a house-wide one to any segment of the house.
 */
export async function resolveSegments(
  db: Executor,
  houseId: string,
  own: { id: string | null; unitId: string | null },
  rule: SegmentRule,
): Promise<Map<string, ResolvedSegment>> {
  const resolved = new Map<string, ResolvedSegment>();
  let conditions = measure(rule).conditions;

  async function visit(tree: SegmentRule, chain: readonly string[], unitId: string | null, topField: string | null): Promise<void> {
    const references: { id: string; field: string }[] = [];
    walk(tree, (node, path) => {
      if ('segment' in node) references.push({ id: node.segment, field: topField ?? fieldPath('rules', [...path, 'segment']) });
    });
    for (const reference of references) {
      if (chain.includes(reference.id)) throw refused([{ field: reference.field, message: `segment ${reference.id} refers back to a segment it is used in` }]);
      if (chain.length > segmentLimits.nesting) {
        throw refused([{ field: reference.field, message: `saved segments nest more than ${segmentLimits.nesting} deep` }]);
      }
      let segment = resolved.get(reference.id);
      if (segment === undefined) {
        const [row] = await store.findSegments(db, houseId, [reference.id]);
        segment = row === undefined ? undefined : segmentFromRow(row);
      }
      if (segment === undefined || (unitId !== null && segment.unitId !== unitId)) {
        throw refused([{ field: reference.field, message: `no segment ${reference.id} ${unitId === null ? 'in this house' : 'in this unit'}` }]);
      }
      resolved.set(segment.id, segment);
      if (segment.rules === null) continue;
      conditions += measure(segment.rules).conditions;
      if (conditions > segmentLimits.resolvedConditions) {
        throw refused([{ field: reference.field, message: `with the saved segments it uses, the tree has more than ${segmentLimits.resolvedConditions} conditions` }]);
      }
      await visit(segment.rules, [...chain, segment.id], segment.unitId ?? unitId, reference.field);
    }
  }

  await visit(rule, own.id === null ? [] : [own.id], own.unitId, null);
  return resolved;
}
