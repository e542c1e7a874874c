import { readFileSync } from 'node:fs';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { TerpsiError } from '../core/errors.js';

/** A YAML file read and parsed, with what is needed to point at a place in it. */
export interface YamlFile {
  readonly file: string;
  readonly data: unknown;
  readonly doc: Document;
  readonly lines: LineCounter;
}

export type Path = readonly (string | number)[];

/** One thing wrong in a file, located. */
export interface Problem {
  readonly path: Path;
  readonly message: string;
}

/** Reads and parses a YAML file; unreadable files and YAML syntax errors are coded errors naming the file. */
export function readYaml(file: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`, { cause: e });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    throw new TerpsiError('E_PATCH_PARSE', `${file}:${line}:${col}: ${first.message.split('\n')[0]}`);
  }
  return { file, data: doc.toJS(), doc, lines };
}

/** Renders a path the way a person would write it: `nodes.dancer.input[1]`. */
export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top level)';
}

/** `file:line:col: path: message` for each problem, the position taken from the YAML node at the path. */
export function locate(yaml: YamlFile, problems: readonly Problem[]): string[] {
  return problems.map(({ path, message }) => {
    const { line, col } = yaml.lines.linePos(offsetOf(yaml.doc, path));
    return `${yaml.file}:${line}:${col}: ${formatPath(path)}: ${message}`;
  });
}

/** One E_PATCH_INVALID error listing every problem, each located in the file. */
export function invalid(yaml: YamlFile, problems: readonly Problem[]): TerpsiError {
  return new TerpsiError('E_PATCH_INVALID', locate(yaml, problems).join('\n'));
}

/** Validates `value` (found at `at` in the file) against a schema; returns the parsed value or the problems. */
export function check<T>(
  schema: z.ZodType<T>,
  value: unknown,
  at: Path = [],
): { ok: true; value: T } | { ok: false; problems: Problem[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.flatMap((raw) => {
      const issue = raw as Issue;
      const path = [...at, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        return issue.keys!.map((key) => ({ path: [...path, key], message: `unknown field "${key}"` }));
      }
      return [{ path, message: describeIssue(issue, valueAt(value, issue.path)) }];
    }),
  };
}

/** The fields of a zod issue this module reads. */
interface Issue {
  readonly code: string;
  readonly message: string;
  readonly path: Path;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly origin?: string;
  readonly errors?: readonly (readonly Issue[])[];
}

function describeIssue(issue: Issue, got: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return got === undefined ? `required field is missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${show(got)}`;
    case 'invalid_value':
      return `expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(' | ')}, got ${show(got)}`;
    case 'too_big':
      return `expected ${issue.origin === 'number' ? 'a number' : issue.origin} ${issue.inclusive ? '≤' : '<'} ${issue.maximum}${issue.origin === 'number' ? '' : ' long'}, got ${show(got)}`;
    case 'too_small':
      return `expected ${issue.origin === 'number' ? 'a number' : issue.origin} ${issue.inclusive ? '≥' : '>'} ${issue.minimum}${issue.origin === 'number' ? '' : ' long'}, got ${show(got)}`;
    case 'invalid_union': {
      const expected = [...new Set((issue.errors ?? []).flatMap((branch) => branch.map((b) => b.expected).filter(Boolean)))];
      const what = expected.length > 0 ? expected.join(' or ') : 'another value';
      return got === undefined ? `required field is missing (expected ${what})` : `expected ${what}, got ${show(got)}`;
    }
    default:
      return issue.message;
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // JSON has no infinities or NaN and would print them as null.
  if (typeof v === 'number') return `number ${String(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** Offset of the deepest existing place along the path: a field's key, a list item, or the document. */
function offsetOf(doc: Document, path: Path): number {
  for (let n = path.length; n > 0; n--) {
    const parent = doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    } else if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last];
      if (isNode(item) && item.range) return item.range[0];
    }
  }
  return isNode(doc.contents) && doc.contents.range ? doc.contents.range[0] : 0;
}

/** Freezes an object graph so loaded configuration cannot change under a running show. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
