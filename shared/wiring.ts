/**
 * The wiring, declared once: which function serves which route or bus detail-type, and what it may touch.
 * The CDK stack (infra/) and the local runtime (local/) are both built from this list; nothing is wired twice.
 */
import { detailTypes, type DetailType } from './events/guest-events.ts';

/** What a function may touch. HTTP functions read and publish; recorders are the only writers of guest data. */
export type Access = 'table:read' | 'table:write' | 'bus:put';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway syntax: `/v1/guests/{guestId}/recognition` */
  readonly path: string;
  /** false only for routes that must answer without a token (health). */
  readonly authenticated: boolean;
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
  readonly detailType: DetailType;
}

export type FunctionDeclaration = HttpFunction | EventFunction;

const read: Access[] = ['table:read'];
const readAndPublish: Access[] = ['table:read', 'bus:put'];
const readAndWrite: Access[] = ['table:read', 'table:write'];

const route = (method: HttpMethod, path: string, authenticated = true): HttpRoute => ({ method, path, authenticated });

export const functions: readonly FunctionDeclaration[] = [
  { name: 'health', trigger: 'http', entry: 'functions/http/health.ts', access: [], routes: [route('GET', '/v1/health', false)] },
  {
    name: 'check-in',
    trigger: 'http',
    entry: 'functions/http/check-in.ts',
    access: readAndPublish,
    routes: [route('POST', '/v1/check-ins')],
  },
  { name: 'dining', trigger: 'http', entry: 'functions/http/dining.ts', access: readAndPublish, routes: [route('POST', '/v1/dining')] },
  {
    name: 'departure',
    trigger: 'http',
    entry: 'functions/http/departure.ts',
    access: readAndPublish,
    routes: [route('POST', '/v1/departures')],
  },
  {
    name: 'note',
    trigger: 'http',
    entry: 'functions/http/note.ts',
    access: readAndPublish,
    routes: [route('POST', '/v1/guests/{guestId}/notes')],
  },
  {
    name: 'recognition',
    trigger: 'http',
    entry: 'functions/http/recognition.ts',
    access: read,
    routes: [route('GET', '/v1/guests/{guestId}/recognition'), route('GET', '/v1/properties/{propertyId}/rooms/{room}/recognition')],
  },
  {
    name: 'in-house',
    trigger: 'http',
    entry: 'functions/http/in-house.ts',
    access: read,
    routes: [route('GET', '/v1/properties/{propertyId}/in-house')],
  },
  { name: 'guest-search', trigger: 'http', entry: 'functions/http/guest-search.ts', access: read, routes: [route('GET', '/v1/guests')] },
  {
    name: 'record-check-in',
    trigger: 'event',
    entry: 'functions/recorders/check-in.ts',
    access: readAndWrite,
    detailType: detailTypes.guestCheckedIn,
  },
  {
    name: 'record-dining',
    trigger: 'event',
    entry: 'functions/recorders/dining.ts',
    access: readAndWrite,
    detailType: detailTypes.diningRecorded,
  },
  {
    name: 'record-departure',
    trigger: 'event',
    entry: 'functions/recorders/departure.ts',
    access: readAndWrite,
    detailType: detailTypes.guestDeparted,
  },
  {
    name: 'record-note',
    trigger: 'event',
    entry: 'functions/recorders/note.ts',
    access: readAndWrite,
    detailType: detailTypes.guestNoteAdded,
  },
];

/** Delivery policy for every bus rule: retried with backoff, then parked in the dead-letter queue. */
export const eventDelivery = {
  retryAttempts: 8,
  maxEventAgeSeconds: 6 * 60 * 60,
} as const;

/** Environment variable names the functions read (checked at cold start, see shared/env.ts). */
export const environmentNames = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
} as const;
