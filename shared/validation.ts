/**
 * One way to validate anything that enters the system (HTTP bodies, parameters, bus events): a zod/mini schema,
 * and issues turned into `{ field: message }` written for people. zod/mini keeps function bundles small; its
 * built-in messages are bare, hence the wording here.
 */
import type * as z from 'zod/mini';
import { InvalidInputError, type FieldErrors } from './errors.ts';

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${issue.minimum} character${issue.minimum === 1 ? '' : 's'}`
        : issue.origin === 'array'
          ? `must have at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}`
          : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : issue.origin === 'array'
          ? `must have at most ${issue.maximum} entries`
          : `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'must be an ISO-8601 date-time with offset, e.g. 2025-06-08T07:30:00+07:00'
        : issue.format === 'regex' && issue.message !== 'Invalid input'
          ? issue.message
          : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return issue.message !== 'Invalid input' ? issue.message : 'has an unexpected shape';
    default:
      return issue.message === 'Invalid input' ? 'is invalid' : issue.message;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** `['guest', 'email']` -> `guest.email`, `['items', 0]` -> `items[0]`, under an optional prefix (`query`). */
export function pathOf(path: readonly PropertyKey[], prefix = ''): string {
  const parts = path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)));
  const joined = parts.reduce((acc, part) => (part.startsWith('[') || acc === '' ? acc + part : `${acc}.${part}`), '');
  return prefix && joined ? `${prefix}.${joined}`.replace('.[', '[') : prefix || joined || '(root)';
}

/**
 * Every offending field named once, with the first thing wrong with it. Collected in a Map: a caller's keys such as
 * `__proto__`, `constructor` or `toString` would collide with what a plain object inherits and go unreported. The
 * answer is a null-prototype object for the same reason: `fields.__proto__` is then the caller's key, nothing else.
 */
export function toFieldErrors(issues: readonly Issue[], prefix = ''): FieldErrors {
  const fields = new Map<string, string>();
  const note = (path: string, problem: string) => {
    if (!fields.has(path)) fields.set(path, problem);
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) note(pathOf([...issue.path, key], prefix), 'is not an allowed field');
      continue;
    }
    note(pathOf(issue.path, prefix), describeIssue(issue));
  }
  return fieldErrorsFrom(fields);
}

/** A FieldErrors object without a prototype, so any key, `__proto__` included, is an own property. */
export function fieldErrorsFrom(entries: Iterable<readonly [string, string]>): FieldErrors {
  const fields = Object.create(null) as FieldErrors;
  for (const [path, problem] of entries) fields[path] = problem;
  return fields;
}

/** Parses `input` or throws an InvalidInputError naming every offending field (prefixed, e.g. `query.outlet`). */
export function parseOrThrow<T extends z.ZodMiniType>(schema: T, input: unknown, what: string, prefix = ''): z.output<T> {
  // reportInput lets a wrong-typed field be told from a missing one; the input itself never reaches the message.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const fields = toFieldErrors(result.error.issues, prefix);
  throw new InvalidInputError(`Invalid ${what}: ${Object.keys(fields).join(', ')}`, fields);
}
