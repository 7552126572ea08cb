/**
 * Possible duplicates (identity is evidence, not a guess): when a check-in shares a key with a guest it does not
 * name (a phone alone, or a key held under another surname), it starts a profile of its own and the pair is listed
 * here for an admin, who knows both profiles' details, to look at. Merging is a decision for a person.
 */
import * as z from 'zod/mini';
import { properties } from '../config/properties.ts';
import { propertyIdSchema } from '../events/guest-events.ts';
import { allProperties, assertPropertyAccess, type Caller } from '../http/caller.ts';
import type { GuestReader, PossibleDuplicateRecord } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';

const querySchema = z.strictObject({
  /** One property; by default the caller's, or every property for a group-wide admin. */
  propertyId: z.optional(propertyIdSchema),
});

export async function listPossibleDuplicates(
  reader: Pick<GuestReader, 'listPossibleDuplicates'>,
  caller: Caller,
  rawQuery: unknown,
): Promise<{ possibleDuplicates: PossibleDuplicateRecord[] }> {
  const query = parseOrThrow(querySchema, rawQuery, 'query', 'query');
  if (query.propertyId) assertPropertyAccess(caller, query.propertyId);
  const propertyIds = query.propertyId ? [query.propertyId] : caller.propertyId === allProperties ? properties.map((p) => p.id) : [caller.propertyId];
  const lists = await Promise.all(propertyIds.map((propertyId) => reader.listPossibleDuplicates(propertyId)));
  return { possibleDuplicates: lists.flat() };
}
