import { Parser } from 'htmlparser2';
import { DomainError } from '../../core/errors.ts';
import type { Skip } from './model.ts';

/*
 * The JSON-LD of a page: every <script type="application/ld+json"> block of an HTML
 * page, or a JSON document as a whole, flattened into the nodes at their top (a block's
 * object, the items of an array, the items of an @graph), each with where it stands.
 */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export interface TopNode {
  node: JsonObject;
  where: string;
}

export interface Extracted {
  nodes: TopNode[];
  /** Every object with an @id and more than an @id, to resolve references such as {"@id": "#place"}. */
  byId: Map<string, JsonObject>;
  skipped: Skip[];
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unreadable(message: string): DomainError {
  return new DomainError('unreadable_input', message, [{ field: 'file', message }]);
}

/** The text of each ld+json script block of a page, in order. */
function scriptBlocks(html: string): string[] {
  const blocks: string[] = [];
  let current: string | undefined;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'script' && /^\s*application\/ld\+json\s*(;.*)?$/i.test(attributes.type ?? '')) current = '';
    },
    ontext(text) {
      if (current !== undefined) current += text;
    },
    onclosetag(name) {
      if (name === 'script' && current !== undefined) {
        blocks.push(current);
        current = undefined;
      }
    },
  });
  parser.write(html);
  parser.end();
  return blocks;
}

/**
 * JSON.parse, forgiving what CMSs commonly wrap around or leave in a block: CDATA and
 * comment markers, and raw line breaks or tabs inside strings (replaced by spaces).
 */
function parseBlock(text: string): Json {
  const cleaned = text
    .replace(/^\s*(?:\/\/\s*)?(?:<!--|\/\*\s*<!\[CDATA\[\s*\*\/|<!\[CDATA\[)/, '')
    .replace(/(?:-->|\/\*\s*\]\]>\s*\*\/|(?:\/\/\s*)?\]\]>)\s*$/, '');
  try {
    return JSON.parse(cleaned) as Json;
  } catch (error) {
    if (!/[\r\n\t]/.test(cleaned)) throw error;
    return JSON.parse(cleaned.replace(/[\r\n\t]+/g, ' ')) as Json;
  }
}

function place(base: string, path: string): string {
  if (base === '') return path === '' ? 'the document' : path;
  return path === '' ? base : `${base}, ${path}`;
}

function collectIds(value: Json, byId: Map<string, JsonObject>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectIds(item, byId);
    return;
  }
  if (!isObject(value)) return;
  const id = value['@id'];
  if (typeof id === 'string' && Object.keys(value).length > 1 && !byId.has(id)) byId.set(id, value);
  for (const key of Object.keys(value)) if (key !== '@context') collectIds(value[key] as Json, byId);
}

function topNodes(value: Json, base: string, path: string, into: TopNode[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => topNodes(item, base, `${path}[${index}]`, into));
    return;
  }
  if (!isObject(value)) return;
  const graph = value['@graph'];
  if (graph !== undefined) {
    const items = Array.isArray(graph) ? graph : [graph];
    items.forEach((item, index) => topNodes(item, base, `${path === '' ? '' : `${path}.`}@graph[${index}]`, into));
    if (value['@type'] === undefined) return;
  }
  into.push({ node: value, where: place(base, path) });
}

export function extractJsonLd(text: string): Extracted {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const extracted: Extracted = { nodes: [], byId: new Map(), skipped: [] };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let document: Json;
    try {
      document = parseBlock(trimmed);
    } catch (error) {
      throw unreadable(`the JSON document cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    collectIds(document, extracted.byId);
    topNodes(document, '', '', extracted.nodes);
    return extracted;
  }
  const blocks = scriptBlocks(text);
  if (blocks.length === 0) {
    throw unreadable('the page holds no schema.org JSON-LD (no <script type="application/ld+json"> block), and it is not a JSON document');
  }
  let readable = 0;
  blocks.forEach((block, index) => {
    const where = `script block ${index + 1}`;
    let value: Json;
    try {
      value = parseBlock(block);
    } catch (error) {
      extracted.skipped.push({ where, reason: `is not valid JSON (${error instanceof Error ? error.message : String(error)}): the block is left out` });
      return;
    }
    readable += 1;
    collectIds(value, extracted.byId);
    topNodes(value, where, '', extracted.nodes);
  });
  if (readable === 0) {
    const reasons = extracted.skipped.map((s) => `${s.where} ${s.reason}`).join('; ');
    throw unreadable(`none of the page's ${blocks.length} JSON-LD block(s) is valid JSON: ${reasons}`);
  }
  return extracted;
}
