/**
 * `?limit=&cursor=` of every paged list (visit history, accesses, top guests): one schema, and one answer for a
 * cursor the store refuses, so each list says the same thing about the same mistake.
 */
import * as z from 'zod/mini';
import { InvalidCursorError, InvalidInputError } from '../errors.ts';

const cursorMessage = 'must be the cursor of a previous page';
const limitMessage = 'must be a whole number from 1 to 100';

export const pageQuerySchema = z.strictObject({
  limit: z._default(
    z
      .pipe(z.string().check(z.regex(/^\d{1,3}$/, { message: limitMessage })), z.transform(Number))
      .check(z.refine((n) => n >= 1 && n <= 100, { message: limitMessage })),
    20,
  ),
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,700}$/, { message: cursorMessage }))),
});

/** Reads one page: a cursor the store refuses (forged, altered, or another list's) is a 400 naming `query.cursor`. */
export async function readPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new InvalidInputError('Invalid query: query.cursor', { 'query.cursor': cursorMessage }, { cause: error });
    throw error;
  }
}
