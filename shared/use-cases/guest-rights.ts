/**
 * The guest's rights (case 7): an admin exports everything stored about a guest, or erases it. Erasure is
 * synchronous, unlike every other write, because its answer is the record of what was erased.
 *
 * Both are recorded in the access log, before they run: the export then lists itself among the guest's accesses,
 * and an erasure is on record even if it has to be run again to finish. The erasure leaves the access log as it
 * is: it holds no personal data of the guest (the random id, who, when, which route), and it is the account of
 * who looked, which must outlive the guest's data; it expires with its retention like any other record.
 */
import { guestIdSchema } from '../events/guest-events.ts';
import type { Caller } from '../http/caller.ts';
import type { Clock, GuestReader } from '../ports.ts';
import type { AccessLogStore, GuestAccess } from '../store/dynamo-access-log.ts';
import type { ErasureReport, GuestExport } from '../store/dynamo-guest-rights.ts';
import { parseOrThrow } from '../validation.ts';
import { auditedRoute, recordAccess } from './access-log.ts';
import { notFound, requireVisibleGuest } from './guest-visibility.ts';

export interface GuestRights {
  exportGuest(guestId: string): Promise<GuestExport | undefined>;
  eraseGuest(guestId: string, at: string): Promise<ErasureReport | undefined>;
}

export interface GuestRightsDependencies {
  readonly rights: GuestRights;
  readonly reader: GuestReader;
  readonly clock: Clock;
  readonly accessLog: AccessLogStore;
}

const exportRoute = auditedRoute('GET /v1/guests/{guestId}/export');
const erasureRoute = auditedRoute('DELETE /v1/guests/{guestId}');

/** An admin of one property acts only for guests who stayed there; a group-wide admin for anyone. */
async function visibleGuestId({ reader }: GuestRightsDependencies, caller: Caller, guestIdParameter: unknown): Promise<string> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  requireVisibleGuest(caller, guestId, await reader.getProfile(guestId));
  return guestId;
}

/** Everything stored about the guest, and who read or erased it (the access log, newest first). */
export async function exportGuestData(
  deps: GuestRightsDependencies,
  caller: Caller,
  guestIdParameter: unknown,
): Promise<GuestExport & { exportedAt: string; accesses: GuestAccess[] }> {
  const { rights, clock, accessLog } = deps;
  const guestId = await visibleGuestId(deps, caller, guestIdParameter);
  await recordAccess(deps, caller, exportRoute, [guestId]);
  const [data, accesses] = await Promise.all([rights.exportGuest(guestId), accessLog.listAllForGuest(guestId, clock.now())]);
  if (!data) throw notFound(guestId);
  return { exportedAt: clock.now().toISOString(), ...data, accesses };
}

export async function eraseGuestData(deps: GuestRightsDependencies, caller: Caller, guestIdParameter: unknown): Promise<ErasureReport & { erasedAt: string }> {
  const { rights, clock } = deps;
  const guestId = await visibleGuestId(deps, caller, guestIdParameter);
  const erasedAt = clock.now().toISOString();
  await recordAccess(deps, caller, erasureRoute, [guestId]);
  const report = await rights.eraseGuest(guestId, erasedAt);
  if (!report) throw notFound(guestId);
  return { erasedAt, ...report };
}
