/**
 * The guest's rights (case 7): an admin exports everything stored about a guest, or erases it. Erasure is
 * synchronous, unlike every other write, because its answer is the record of what was erased.
 */
import { guestIdSchema } from '../events/guest-events.ts';
import type { Caller } from '../http/caller.ts';
import type { Clock, GuestReader } from '../ports.ts';
import type { ErasureReport, GuestExport } from '../store/dynamo-guest-rights.ts';
import { parseOrThrow } from '../validation.ts';
import { notFound, requireVisibleGuest } from './guest-visibility.ts';

export interface GuestRights {
  exportGuest(guestId: string): Promise<GuestExport | undefined>;
  eraseGuest(guestId: string, at: string): Promise<ErasureReport | undefined>;
}

export interface GuestRightsDependencies {
  readonly rights: GuestRights;
  readonly reader: GuestReader;
  readonly clock: Clock;
}

/** An admin of one property acts only for guests who stayed there; a group-wide admin for anyone. */
async function visibleGuestId({ reader }: GuestRightsDependencies, caller: Caller, guestIdParameter: unknown): Promise<string> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  requireVisibleGuest(caller, guestId, await reader.getProfile(guestId));
  return guestId;
}

export async function exportGuestData(deps: GuestRightsDependencies, caller: Caller, guestIdParameter: unknown): Promise<GuestExport & { exportedAt: string }> {
  const { rights, clock } = deps;
  const guestId = await visibleGuestId(deps, caller, guestIdParameter);
  const data = await rights.exportGuest(guestId);
  if (!data) throw notFound(guestId);
  return { exportedAt: clock.now().toISOString(), ...data };
}

export async function eraseGuestData(deps: GuestRightsDependencies, caller: Caller, guestIdParameter: unknown): Promise<ErasureReport & { erasedAt: string }> {
  const { rights, clock } = deps;
  const guestId = await visibleGuestId(deps, caller, guestIdParameter);
  const erasedAt = clock.now().toISOString();
  const report = await rights.eraseGuest(guestId, erasedAt);
  if (!report) throw notFound(guestId);
  return { erasedAt, ...report };
}
