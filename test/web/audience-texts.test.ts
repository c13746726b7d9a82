import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as server from '../../src/audience/model.ts';
import { ruleKeys } from '../../src/audience/segments/model.ts';
import * as web from '../../web/src/api/audienceTypes.ts';
import { conditionKinds, conditionMenu, defaultCondition, incompleteReason } from '../../web/src/pages/audience/ruleTreeModel.ts';

/*
 * The audience screens show server codes (purposes, consent states, interaction kinds,
 * audit actions, rule keys) through composed keys like `purposes.${purpose}`: every code
 * the server has needs its text in both languages, and the web app's restated lists must
 * not drift from the server's.
 */

type Tree = { [key: string]: string | Tree };
const root = new URL('../../web/src/i18n/', import.meta.url).pathname;
const load = (language: string) => JSON.parse(readFileSync(`${root}${language}.json`, 'utf8')) as Tree;

function has(tree: Tree, key: string): boolean {
  const lookup = (path: string) => {
    let current: string | Tree | undefined = tree;
    for (const part of path.split('.')) current = typeof current === 'object' ? current[part] : undefined;
    return typeof current === 'string';
  };
  return lookup(key) || (lookup(`${key}_one`) && lookup(`${key}_other`));
}

describe('the codes of the audience', () => {
  test('are the same lists in the web app as on the server', () => {
    expect(web.purposes).toEqual(server.purposes);
    expect(web.marketingPurposes).toEqual(server.marketingPurposes);
    expect(web.consentStatuses).toEqual(server.consentStatuses);
    expect(web.legalBases).toEqual(server.legalBases);
    expect(web.consentSources).toEqual(server.consentSources);
    expect(web.interactionKinds).toEqual(server.interactionKinds);
    expect(web.auditActions).toEqual(server.auditActions);
  });

  test('offer every condition of the rule tree in the builder menu', () => {
    const conditions = ruleKeys.filter((key) => !['all', 'any', 'not'].includes(key));
    expect([...conditionKinds].sort()).toEqual([...conditions].sort());
    expect(conditionMenu.flatMap((section) => section.kinds).sort()).toEqual([...conditions].sort());
  });

  test.each(['de', 'en'])('have a text for every code in %s', (language) => {
    const texts = load(language);
    const keys = [
      ...server.purposes.flatMap((purpose) => [`purposes.${purpose}`, `purposesShort.${purpose}`]),
      ...server.consentStatuses.map((status) => `consentStatuses.${status}`),
      ...server.legalBases.map((basis) => `legalBases.${basis}`),
      ...server.consentSources.map((source) => `consentSources.${source}`),
      ...server.interactionKinds.map((kind) => `interactionKinds.${kind}`),
      ...server.auditActions.map((action) => `auditActions.${action.replace('.', '_')}`),
      ...conditionKinds.map((kind) => `segments.conditions.${kind}`),
      ...conditionMenu.map((section) => `segments.menu.${section.group}`),
      ...conditionKinds.map((kind) => incompleteReason(defaultCondition(kind))).filter((key) => key !== null),
      ...['segments.incomplete.ageOrder', 'segments.incomplete.genre', 'segments.incomplete.production', 'segments.incomplete.unit'],
      ...['access', 'erasure'].map((kind) => `privacyKinds.${kind}`),
      ...['done', 'failed'].map((status) => `privacyStatuses.${status}`),
      ...['preference_centre', 'staff'].map((via) => `privacyVia.${via}`),
      ...server.contactLanguages.map((code) => `languages.${code}`),
    ];
    expect(keys.filter((key) => !has(texts, key))).toEqual([]);
  });
});
