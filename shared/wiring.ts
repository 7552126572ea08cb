/**
 * The wiring, declared once: which function serves which route or bus detail-type, and what it may touch.
 * The CDK stack (infra/) and the local runtime (local/) are both built from this list; nothing is wired twice.
 */
import type { TimeOfDay } from './domain/daily-schedule.ts';
import {
  diningRecorded,
  eventSource,
  guestCheckedIn,
  guestDeparted,
  guestDietaryNeedsRecorded,
  guestProfileCorrected,
  guestTagChanged,
  guestNoteChanged,
  guestNoteAdded,
  guestsMerged,
  guestsUnmerged,
  marketingConsentWithdrawn,
  guestComingDown,
  reservationCancelled,
  reservationConfirmed,
  type EventDefinition,
} from './events/guest-events.ts';
import { emailBounced, emailComplaintReceived, sesSource } from './events/ses-feedback.ts';
import type { Role } from './http/caller.ts';

/**
 * What a function may touch. HTTP functions read and publish; recorders are the only writers of guest data;
 * campaign functions write only their send ledger, and are the only ones that may send email. `access-log:write`:
 * the functions that read or erase guest data record who did (shared/store/dynamo-access-log.ts), and may write
 * nothing but those records.
 */
export type Access =
  | 'table:read'
  | 'table:write'
  | 'access-log:write'
  | 'bus:put'
  | 'email:send'
  | 'unsubscribe-key'
  | 'erased-identity-key'
  | 'live:push'
  | 'token:verify';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway syntax: `/v1/guests/{guestId}/recognition` */
  readonly path: string;
  /** false only for routes that must answer without a token (health, the unsubscribe link). */
  readonly authenticated: boolean;
  /** Who may call it (admins always may); empty for routes without a token. */
  readonly roles: readonly Role[];
}

interface FunctionBase {
  /** Unique, kebab-case: the construct id on AWS and the name in local logs. */
  readonly name: string;
  /** Source file, relative to the project root, exporting `handler`. */
  readonly entry: string;
  readonly access: readonly Access[];
}

export interface HttpFunction extends FunctionBase {
  readonly trigger: 'http';
  readonly routes: readonly HttpRoute[];
}

export interface EventFunction extends FunctionBase {
  readonly trigger: 'event';
  /** `guests`: the project's bus; `default`: the account's default bus, where AWS services (SES) publish. */
  readonly bus: 'guests' | 'default';
  readonly source: string;
  readonly detailTypes: readonly string[];
}

/**
 * Fires once a day for each property, at a wall-clock time in that property's own time zone (on AWS one EventBridge
 * Scheduler schedule per property); each run handles that property only and takes "now" from its input's `time`
 * (shared/events/scheduled-run.ts).
 */
export interface ScheduledFunction extends FunctionBase {
  readonly trigger: 'schedule';
  /** Local time at each property (shared/config/properties.ts names its zone); keep it clear of 01:00-03:00, where clocks change. */
  readonly dailyAtLocal: TimeOfDay;
  /** Long runs (a day's emails at the SES send rate) need more than the default 10 s. */
  readonly timeoutSeconds: number;
}

/**
 * A route of the live channel (API Gateway WebSocket API; locally the runtime's live gateway): `$connect` when a
 * terminal opens a connection, `$disconnect` when it closes.
 */
export interface LiveFunction extends FunctionBase {
  readonly trigger: 'live';
  readonly route: '$connect' | '$disconnect';
  /** Who may open a connection (admins always may); empty for `$disconnect`. */
  readonly roles: readonly Role[];
}

/**
 * Runs when the identity provider (Cognito) issues a token: turns the user's group and property attribute into the
 * `role` and `propertyId` claims and the role's scope. Locally the token CLI signs those claims directly.
 */
export interface TokenClaimsFunction extends FunctionBase {
  readonly trigger: 'token-claims';
}

export type FunctionDeclaration = HttpFunction | EventFunction | ScheduledFunction | TokenClaimsFunction | LiveFunction;

const read: Access[] = ['table:read'];
/** Reads guest data and records who read it (the access log). */
const readAndRecordAccess: Access[] = ['table:read', 'access-log:write'];
const readAndPublish: Access[] = ['table:read', 'bus:put'];
const readAndWrite: Access[] = ['table:read', 'table:write'];
const readWriteAndSend: Access[] = ['table:read', 'table:write', 'email:send', 'unsubscribe-key'];

/** A recorder of one guest event: its rule matches exactly the detail-type its handler parses. */
const recorder = (name: string, entry: string, event: EventDefinition, access: readonly Access[] = readAndWrite): EventFunction => ({
  name,
  trigger: 'event',
  entry,
  access,
  bus: 'guests',
  source: eventSource,
  detailTypes: [event.detailType],
});

const route = (method: HttpMethod, path: string, roles: readonly Role[]): HttpRoute => ({ method, path, authenticated: true, roles });
const publicRoute = (method: HttpMethod, path: string): HttpRoute => ({ method, path, authenticated: false, roles: [] });
const staff: Role[] = ['frontdesk', 'restaurant'];
/** Admins may call every route; these routes no one else may. */
const adminOnly: Role[] = [];

export const functions: readonly FunctionDeclaration[] = [
  { name: 'health', trigger: 'http', entry: 'functions/http/health.ts', access: [], routes: [publicRoute('GET', '/v1/health')] },
  // The API's own description (docs/openapi.json): no guest data, so no token, like the health check.
  { name: 'openapi', trigger: 'http', entry: 'functions/http/openapi.ts', access: [], routes: [publicRoute('GET', '/v1/openapi.json')] },
  {
    name: 'check-in',
    trigger: 'http',
    entry: 'functions/http/check-in.ts',
    // A returning guest's answer carries their card: a read of the guest, recorded like any other.
    access: [...readAndPublish, 'access-log:write'],
    routes: [route('POST', '/v1/check-ins', ['frontdesk'])],
  },
  { name: 'dining', trigger: 'http', entry: 'functions/http/dining.ts', access: readAndPublish, routes: [route('POST', '/v1/dining', staff)] },
  {
    name: 'departure',
    trigger: 'http',
    entry: 'functions/http/departure.ts',
    access: readAndPublish,
    routes: [route('POST', '/v1/departures', ['frontdesk'])],
  },
  {
    name: 'note',
    trigger: 'http',
    entry: 'functions/http/note.ts',
    access: readAndPublish,
    routes: [route('POST', '/v1/guests/{guestId}/notes', staff)],
  },
  {
    name: 'dietary-needs',
    trigger: 'http',
    entry: 'functions/http/dietary-needs.ts',
    access: readAndPublish,
    // Allergies are stated where the guest says them: at the desk or at the table.
    routes: [route('POST', '/v1/guests/{guestId}/dietary-needs', staff)],
  },
  {
    name: 'correction',
    trigger: 'http',
    entry: 'functions/http/correction.ts',
    access: readAndPublish,
    // The desk corrects what the guest tells it (and admins what they must); the restaurant does not.
    routes: [route('POST', '/v1/guests/{guestId}/corrections', ['frontdesk'])],
  },
  {
    name: 'tags',
    trigger: 'http',
    entry: 'functions/http/tags.ts',
    access: readAndPublish,
    routes: [route('POST', '/v1/guests/{guestId}/tags', staff)],
  },
  {
    name: 'merges',
    trigger: 'http',
    entry: 'functions/http/merges.ts',
    access: readAndPublish,
    // Deciding that two profiles are one person needs both profiles' details: admins only.
    routes: [route('POST', '/v1/guests/{guestId}/merges', adminOnly), route('POST', '/v1/guests/{guestId}/merges/{mergedGuestId}/undo', adminOnly)],
  },
  {
    name: 'note-change',
    trigger: 'http',
    entry: 'functions/http/note-change.ts',
    access: readAndPublish,
    // Only the note's author's role (or an admin) may change it: checked against the note itself.
    routes: [route('POST', '/v1/guests/{guestId}/notes/{noteId}/changes', staff)],
  },
  {
    name: 'recognition',
    trigger: 'http',
    entry: 'functions/http/recognition.ts',
    access: readAndRecordAccess,
    routes: [route('GET', '/v1/guests/{guestId}/recognition', staff), route('GET', '/v1/properties/{propertyId}/rooms/{room}/recognition', staff)],
  },
  {
    name: 'diner-lookup',
    trigger: 'http',
    entry: 'functions/http/diner-lookup.ts',
    access: readAndRecordAccess,
    // A walk-in gives a name and an email or phone: the host sees whether (and how) we know them.
    routes: [route('GET', '/v1/diners', staff)],
  },
  {
    name: 'guest-history',
    trigger: 'http',
    entry: 'functions/http/guest-history.ts',
    access: readAndRecordAccess,
    routes: [route('GET', '/v1/guests/{guestId}/visits', ['frontdesk'])],
  },
  {
    name: 'in-house',
    trigger: 'http',
    entry: 'functions/http/in-house.ts',
    access: read,
    // The floor staff learn the names of the guests in house each night.
    routes: [route('GET', '/v1/properties/{propertyId}/in-house', [...staff, 'floor'])],
  },
  {
    name: 'arrivals',
    trigger: 'http',
    entry: 'functions/http/arrivals.ts',
    access: readAndRecordAccess,
    // The names to learn tonight: tomorrow's arrivals, with the cards of the guests we know.
    routes: [route('GET', '/v1/arrivals', ['frontdesk'])],
  },
  {
    name: 'reservations',
    trigger: 'http',
    entry: 'functions/http/reservations.ts',
    access: readAndPublish,
    // A PMS that cannot publish on the bus posts its reservations here, with a front-desk (or admin) token.
    routes: [route('POST', '/v1/reservations', ['frontdesk']), route('POST', '/v1/reservations/{reservationId}/cancellation', ['frontdesk'])],
  },
  {
    name: 'guest-search',
    trigger: 'http',
    entry: 'functions/http/guest-search.ts',
    access: readAndRecordAccess,
    routes: [route('GET', '/v1/guests', ['frontdesk'])],
  },
  {
    name: 'guest-export',
    trigger: 'http',
    entry: 'functions/http/guest-export.ts',
    access: readAndRecordAccess,
    routes: [route('GET', '/v1/guests/{guestId}/export', adminOnly)],
  },
  {
    name: 'guest-erasure',
    trigger: 'http',
    entry: 'functions/http/guest-erasure.ts',
    // Erasure answers what it erased, so it cannot wait for a recorder: the one HTTP function that writes.
    access: [...readAndWrite, 'access-log:write', 'erased-identity-key'],
    routes: [route('DELETE', '/v1/guests/{guestId}', adminOnly)],
  },
  {
    name: 'guest-accesses',
    trigger: 'http',
    entry: 'functions/http/guest-accesses.ts',
    access: read,
    // Who looked at this guest: for admins to answer for it (case 7).
    routes: [route('GET', '/v1/guests/{guestId}/accesses', adminOnly)],
  },
  {
    name: 'staff-accesses',
    trigger: 'http',
    entry: 'functions/http/staff-accesses.ts',
    access: read,
    // Which guests this staff member looked at.
    routes: [route('GET', '/v1/staff/{subject}/accesses', adminOnly)],
  },
  {
    name: 'possible-duplicates',
    trigger: 'http',
    entry: 'functions/http/possible-duplicates.ts',
    access: readAndRecordAccess,
    routes: [route('GET', '/v1/possible-duplicates', adminOnly)],
  },
  {
    name: 'coming-down',
    trigger: 'http',
    entry: 'functions/http/coming-down.ts',
    access: readAndPublish,
    // The floor sees the guest step into the lift; the front desk may phone it through too.
    routes: [route('POST', '/v1/notices', ['floor', 'frontdesk'])],
  },
  {
    name: 'live-connect',
    trigger: 'live',
    entry: 'functions/live/connect.ts',
    route: '$connect',
    roles: ['restaurant', 'frontdesk'],
    access: ['table:write', 'token:verify'],
  },
  { name: 'live-disconnect', trigger: 'live', entry: 'functions/live/disconnect.ts', route: '$disconnect', roles: [], access: ['table:read', 'table:write'] },
  {
    name: 'pass-on-coming-down',
    trigger: 'event',
    entry: 'functions/live/pass-on-coming-down.ts',
    access: ['table:read', 'table:write', 'live:push'],
    bus: 'guests',
    source: eventSource,
    detailTypes: [guestComingDown.detailType],
  },
  { name: 'token-claims', trigger: 'token-claims', entry: 'functions/auth/token-claims.ts', access: [] },
  // Both name guests by identity (a check-in, a walk-in's meal): they recognise the identity keys of erased guests,
  // so an event from before an erasure cannot bring the guest back.
  recorder('record-check-in', 'functions/recorders/check-in.ts', guestCheckedIn, [...readAndWrite, 'erased-identity-key']),
  recorder('record-dining', 'functions/recorders/dining.ts', diningRecorded, [...readAndWrite, 'erased-identity-key']),
  recorder('record-departure', 'functions/recorders/departure.ts', guestDeparted),
  recorder('record-note', 'functions/recorders/note.ts', guestNoteAdded),
  // A confirmation names its guest by identity (read only, to link the reservation for export and erasure): it
  // recognises the identity keys of erased guests, so a confirmation from before an erasure is discarded.
  recorder('record-reservation-confirmed', 'functions/recorders/reservation-confirmed.ts', reservationConfirmed, [...readAndWrite, 'erased-identity-key']),
  recorder('record-reservation-cancelled', 'functions/recorders/reservation-cancelled.ts', reservationCancelled),
  recorder('record-dietary-needs', 'functions/recorders/dietary-needs.ts', guestDietaryNeedsRecorded),
  recorder('record-profile-correction', 'functions/recorders/profile-correction.ts', guestProfileCorrected),
  recorder('record-tag-change', 'functions/recorders/tag-change.ts', guestTagChanged),
  recorder('record-note-change', 'functions/recorders/note-change.ts', guestNoteChanged),
  // Merges are rare: one function records them and their undoing.
  { ...recorder('record-merges', 'functions/recorders/merges.ts', guestsMerged), detailTypes: [guestsMerged.detailType, guestsUnmerged.detailType] },
  recorder('record-consent-withdrawn', 'functions/recorders/consent-withdrawn.ts', marketingConsentWithdrawn),
  {
    name: 'unsubscribe',
    trigger: 'http',
    entry: 'functions/http/unsubscribe.ts',
    access: [...readAndPublish, 'unsubscribe-key'],
    // No login: the signed token in the link is the credential.
    routes: [publicRoute('GET', '/v1/unsubscribe'), publicRoute('POST', '/v1/unsubscribe')],
  },
  {
    name: 'absence-survey',
    trigger: 'http',
    entry: 'functions/http/absence-survey.ts',
    // No login: the signed token in the "we miss you" email is the credential. It writes the answer itself (like
    // the erasure), because the page must say at once whether this is the email's first answer: one transaction
    // records it like an event (history, card), claims the email's one answer and adds to the month's counts.
    access: [...readAndWrite, 'unsubscribe-key'],
    routes: [publicRoute('GET', '/v1/absence-survey'), publicRoute('POST', '/v1/absence-survey')],
  },
  {
    name: 'lapsed-reasons',
    trigger: 'http',
    entry: 'functions/http/lapsed-reasons.ts',
    access: read,
    // Why lapsed guests left, counted per property and month (the Haier case).
    routes: [route('GET', '/v1/lapsed-reasons', adminOnly)],
  },
  {
    name: 'top-guests',
    trigger: 'http',
    entry: 'functions/http/top-guests.ts',
    access: readAndRecordAccess,
    // A property's top 20% by spend, as the latest daily segmentation ranked them: names and figures, for admins.
    routes: [route('GET', '/v1/properties/{propertyId}/top-guests', adminOnly)],
  },
  {
    name: 'record-email-feedback',
    trigger: 'event',
    entry: 'functions/recorders/email-feedback.ts',
    access: readAndWrite,
    bus: 'default',
    source: sesSource,
    detailTypes: [emailBounced.detailType, emailComplaintReceived.detailType],
  },
  {
    name: 'birthday-greetings',
    trigger: 'schedule',
    entry: 'functions/campaigns/birthday-greetings.ts',
    access: readWriteAndSend,
    // Mail arrives in the guest's morning, wherever the property is.
    dailyAtLocal: { hour: 9, minute: 0 },
    timeoutSeconds: 900,
  },
  {
    name: 'lapsed-guests',
    trigger: 'schedule',
    entry: 'functions/campaigns/lapsed-guests.ts',
    access: readWriteAndSend,
    dailyAtLocal: { hour: 9, minute: 30 },
    timeoutSeconds: 900,
  },
  {
    name: 'value-segments',
    trigger: 'schedule',
    entry: 'functions/jobs/value-segments.ts',
    // Reads the property's value partition and writes its runs; membership changes go on the guests' profiles
    // through the guest store's record-once path, like an event. Sends nothing.
    access: readAndWrite,
    // Before the morning shift reads the list, and clear of 01:00-03:00, where clocks change.
    dailyAtLocal: { hour: 4, minute: 30 },
    timeoutSeconds: 900,
  },
];

/** Delivery policy for every bus rule: retried with backoff, then parked in the dead-letter queue. */
export const eventDelivery = {
  retryAttempts: 8,
  maxEventAgeSeconds: 6 * 60 * 60,
  /** How long the bus archive keeps every guest event for replay. */
  archiveRetentionDays: 365,
} as const;

/** Environment variable names the functions read (checked at cold start, see shared/env.ts). */
export const environmentNames = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  /** SES configuration set: routes bounces and complaints back to the suppression list. */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** Emails per second this account may send (SES quota); campaigns pace themselves to it. */
  sesMaxSendRate: 'SES_MAX_SEND_RATE',
  /** The Secrets Manager secret (ARN or name) holding the HMAC key for unsubscribe links (at least 32 characters). */
  unsubscribeSigningKey: 'UNSUBSCRIBE_SIGNING_KEY_SECRET',
  /** The secret (ARN or name) holding the HMAC key for what is kept of an erased guest's identity keys. */
  erasedIdentityHashKey: 'ERASED_IDENTITY_HASH_KEY_SECRET',
  /** The live channel's connection management URL (API Gateway's WebSocket callback URL). */
  liveCallbackUrl: 'LIVE_CALLBACK_URL',
  /** Whose staff tokens the live channel accepts: the issuer, its JWKS and the accepted audiences (comma-separated). */
  jwtIssuer: 'JWT_ISSUER',
  jwtJwksUrl: 'JWT_JWKS_URL',
  jwtAudiences: 'JWT_AUDIENCES',
  /** Base URL of the HTTP API, for the links in emails. */
  publicApiUrl: 'PUBLIC_API_URL',
  /** Days an access record (who looked at which guest) is kept before its TTL removes it; 365 when unset. */
  accessLogRetentionDays: 'ACCESS_LOG_RETENTION_DAYS',
} as const;

/** The route a request came in on (`routeKey` as API Gateway names it, e.g. `GET /v1/guests`). */
export function findRoute(routeKey: string): HttpRoute | undefined {
  for (const declaration of functions) {
    if (declaration.trigger !== 'http') continue;
    const found = declaration.routes.find((r) => `${r.method} ${r.path}` === routeKey);
    if (found) return found;
  }
  return undefined;
}
