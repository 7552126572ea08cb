import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/errors';
import { parseOrThrow, toFieldErrors } from '#shared/validation';

const schema = z.strictObject({ name: z.string(), guest: z.optional(z.strictObject({ lastName: z.string() })) });

function fieldsOf(input: unknown, prefix?: string) {
  try {
    parseOrThrow(schema, input, 'body', prefix);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.fields;
    throw error;
  }
  throw new Error('the input was accepted');
}

describe('field errors', () => {
  it('names keys that every object inherits, __proto__ included, at any depth', () => {
    const input = JSON.parse(
      '{"name":"Yu","__proto__":{"x":1},"constructor":1,"toString":"x","hasOwnProperty":true,"guest":{"lastName":"Yu","__proto__":null,"valueOf":2}}',
    );
    const fields = fieldsOf(input);
    expect(Object.keys(fields).sort()).toEqual(['__proto__', 'constructor', 'guest.__proto__', 'guest.valueOf', 'hasOwnProperty', 'toString']);
    expect(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value).toBe('is not an allowed field');
    expect(JSON.parse(JSON.stringify({ fields })).fields).toEqual(Object.fromEntries(Object.entries(fields)));
  });

  it('prefixes what it names, and names each field once, with the first problem', () => {
    expect(fieldsOf(JSON.parse('{"constructor":1}'), 'query')).toEqual({ 'query.name': 'is required', 'query.constructor': 'is not an allowed field' });
  });

  it('has nothing inherited to report when all is well', () => {
    expect(Object.keys(toFieldErrors([]))).toEqual([]);
    expect(toFieldErrors([])['toString' as string]).toBeUndefined();
  });
});
