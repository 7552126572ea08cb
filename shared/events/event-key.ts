/**
 * What makes two deliveries the same event. The key is scoped by source and property, so one property's terminal
 * cannot claim (and silently drop) another's event id; the content hash tells a repeat (same key, same content:
 * recorded once) from a reuse of the key for something else (a conflict, never silently dropped).
 */
import { createHash } from 'node:crypto';
import { eventSource } from './guest-events.ts';

export interface EventKey {
  readonly source: string;
  readonly propertyId: string;
  readonly eventId: string;
}

export function eventKeyOf(detail: { readonly propertyId: string; readonly eventId: string }): EventKey {
  return { source: eventSource, propertyId: detail.propertyId, eventId: detail.eventId };
}

/** JSON with keys sorted at every depth: the same content always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHashOf(detailType: string, detail: unknown): string {
  return createHash('sha256').update(canonicalJson({ detailType, detail })).digest('base64url');
}
