/**
 * Who looked at which guest (case 7, Home Inns): every read of a guest's card, history, export or search result by
 * staff, and every erasure, is recorded (who: role, subject, property; when; which guest; which route), and admins
 * list them per guest and per staff member.
 *
 * A read is recorded once it has succeeded and before it is answered: if the record cannot be written, the read
 * fails rather than going unrecorded. A refused read (403, 404, 400) shows nothing and is not recorded. The
 * in-house list (names and rooms, what every floor learns each night) is not a read of any guest's card; the card a
 * terminal opens from it is.
 */
import { pageQuerySchema, readPage } from '../http/page-query.ts';
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { guestIdSchema } from '../events/guest-events.ts';
import { allProperties, type Caller } from '../http/caller.ts';
import type { Clock } from '../ports.ts';
import type { AccessList, AccessLogStore, GuestAccess } from '../store/dynamo-access-log.ts';
import { parseOrThrow } from '../validation.ts';
import { findRoute } from '../wiring.ts';

export interface AccessLogDependencies {
  readonly accessLog: AccessLogStore;
  readonly clock: Clock;
}

/** How long access records are kept unless the deployment says otherwise: a year. */
export const defaultAccessLogRetentionDays = 365;

/**
 * A route whose reads are recorded, as the wiring declares it (`GET /v1/guests/{guestId}/recognition`). Checked when
 * the function loads, so a record can never name a route that does not exist.
 */
export function auditedRoute(routeKey: string): string {
  if (!findRoute(routeKey)) throw new Error(`${routeKey} is not a route of the wiring`);
  return routeKey;
}

/** Records that `caller` read (or erased) each of these guests through `route`: one small write per guest, in batches. */
export async function recordAccess({ accessLog, clock }: AccessLogDependencies, caller: Caller, route: string, guestIds: readonly string[]): Promise<void> {
  const unique = [...new Set(guestIds)];
  if (unique.length === 0) return;
  const at = clock.now().toISOString();
  await accessLog.record(
    unique.map((guestId) => ({
      accessId: randomBytes(9).toString('base64url'),
      at,
      guestId,
      route,
      role: caller.role,
      subject: caller.subject,
      propertyId: caller.propertyId,
    })),
  );
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A staff member as tokens name them (`sub`): a Cognito user's id, an external provider's subject, locally the name
 * given at sign-in. Taken exactly as given: no control or bidirectional characters, at most 200 characters.
 */
export const subjectSchema = z.string().check(
  z.regex(/^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]{1,200}$/, {
    message: 'must be a staff subject of 1 to 200 characters, without control characters',
  }),
  z.refine((subject) => !loneSurrogate.test(subject) && subject.trim() === subject, { message: 'must be a staff subject exactly as its token names it' }),
);

export interface AccessListing {
  readonly accesses: readonly GuestAccess[];
  readonly cursor: string | null;
}

/**
 * One page of a list, newest first. A group-wide admin sees every access; an admin of one property only those made
 * at that property (so listing a guest of another property, or one who was erased, tells nothing but what the
 * property's own staff did).
 */
async function listPage({ accessLog, clock }: AccessLogDependencies, caller: Caller, list: AccessList, id: string, rawQuery: unknown): Promise<AccessListing> {
  const query = parseOrThrow(pageQuerySchema, rawQuery, 'query', 'query');
  const page = await readPage(() =>
    accessLog.list(list, id, {
      limit: query.limit,
      now: clock.now(),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(caller.propertyId === allProperties ? {} : { propertyId: caller.propertyId }),
    }),
  );
  return { accesses: page.accesses, cursor: page.cursor ?? null };
}

/**
 * Who read or erased this guest. The guest need not exist any more: the record of who looked outlives an erasure
 * (it holds the random guest id only), so an admin can still answer for it.
 */
export async function listGuestAccesses(
  deps: AccessLogDependencies,
  caller: Caller,
  guestIdParameter: unknown,
  rawQuery: unknown,
): Promise<{ guestId: string } & AccessListing> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  return { guestId, ...(await listPage(deps, caller, 'guest', guestId, rawQuery)) };
}

/** Which guests this staff member read or erased. */
export async function listStaffAccesses(
  deps: AccessLogDependencies,
  caller: Caller,
  subjectParameter: unknown,
  rawQuery: unknown,
): Promise<{ subject: string } & AccessListing> {
  const subject = parseOrThrow(subjectSchema, subjectParameter, 'staff subject', 'subject');
  return { subject, ...(await listPage(deps, caller, 'staff', subject, rawQuery)) };
}
