/**
 * The guest's rights (case 7): an admin exports everything stored about a guest, or erases it. Erasure is
 * synchronous, unlike every other write, because its answer is the record of what was erased.
 */
import { guestIdSchema } from '../events/guest-events.ts';
import type { Clock } from '../ports.ts';
import type { ErasureReport, GuestExport } from '../store/dynamo-guest-rights.ts';
import { parseOrThrow } from '../validation.ts';
import { notFound } from './guest-visibility.ts';

export interface GuestRights {
  exportGuest(guestId: string): Promise<GuestExport | undefined>;
  eraseGuest(guestId: string, at: string): Promise<ErasureReport | undefined>;
}

export async function exportGuestData(rights: GuestRights, guestIdParameter: unknown, clock: Clock): Promise<GuestExport & { exportedAt: string }> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  const data = await rights.exportGuest(guestId);
  if (!data) throw notFound(guestId);
  return { exportedAt: clock.now().toISOString(), ...data };
}

export async function eraseGuestData(rights: GuestRights, guestIdParameter: unknown, clock: Clock): Promise<ErasureReport & { erasedAt: string }> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  const erasedAt = clock.now().toISOString();
  const report = await rights.eraseGuest(guestId, erasedAt);
  if (!report) throw notFound(guestId);
  return { erasedAt, ...report };
}
