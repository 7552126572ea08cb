/**
 * Typed calls to the API, same origin. Request bodies are the API's own request types (shared/http/requests.ts) and
 * answers the use cases' return types: the app holds no second copy of either.
 */
import type { RecognitionCard } from '#shared/domain/recognition-card';
import type { GuestProfile } from '#shared/domain/guest-profile';
import type {
  CheckInRequest,
  ComingDownRequest,
  CorrectionRequest,
  DepartureRequest,
  DietaryNeedsRequest,
  DiningRequest,
  MergeRequest,
  NoteChangeRequest,
  NoteRequest,
  TagRequest,
  UnmergeRequest,
} from '#shared/http/requests';
import type { InHouseGuest, PossibleDuplicateRecord } from '#shared/ports';
import type { VisitHistoryPage } from '#shared/use-cases/guest-history';
import type { contactFields } from '#shared/use-cases/guest-visibility';
import type { GuestSummary } from '#shared/use-cases/recognise';
import type { Arrival } from '#shared/use-cases/arrivals';
import type {
  reportCheckIn,
  reportComingDown,
  reportDeparture,
  reportDietaryNeeds,
  reportDining,
  reportNote,
  reportProfileCorrection,
  reportTagChange,
  reportNoteChange,
  reportMerge,
  reportUnmerge,
} from '#shared/use-cases/report-events';
import type { LapsedReasonsSummary } from '#shared/use-cases/absence-survey';
import type { TopGuestsPage } from '#shared/use-cases/value-segments';
import { currentToken, signInRequired } from './session.ts';

type ContactField = (typeof contactFields)[number];
/** The card as the API shows it to the caller's role: `contact` only for the front desk and admins. */
export type CardView = RecognitionCard & { readonly contact?: { readonly [K in ContactField]: NonNullable<GuestProfile[K]> | null } };
export type CheckInAnswer = Omit<Awaited<ReturnType<typeof reportCheckIn>>, 'recognition'> & { recognition: CardView | null };
type Answer<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
export type LapsedReasonsView = LapsedReasonsSummary;
/** An arrival of the day, with the card (as the caller may see it) of a guest we know. */
export type ArrivalView = Omit<Arrival, 'recognition'> & { readonly recognition: CardView | null };

/** An answer other than 2xx, with the API's `error.fields` (`guest.email`, `items[0]`, ...). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${currentToken() ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (response.status === 401) {
    signInRequired.value = true;
    throw new ApiError(401, 'unauthorized', 'unauthorized');
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'error', error?.message ?? response.statusText, error?.fields ?? {});
  }
  return json as T;
}

const segment = encodeURIComponent;

export const api = {
  checkIn: (request: CheckInRequest) => call<CheckInAnswer>('POST', '/v1/check-ins', request),
  recordDining: (request: DiningRequest) => call<Answer<typeof reportDining>>('POST', '/v1/dining', request),
  depart: (request: DepartureRequest) => call<Answer<typeof reportDeparture>>('POST', '/v1/departures', request),
  addNote: (guestId: string, request: NoteRequest) => call<Answer<typeof reportNote>>('POST', `/v1/guests/${segment(guestId)}/notes`, request),
  changeNote: (guestId: string, noteId: string, request: NoteChangeRequest) =>
    call<Answer<typeof reportNoteChange>>('POST', `/v1/guests/${segment(guestId)}/notes/${segment(noteId)}/changes`, request),
  changeTag: (guestId: string, request: TagRequest) => call<Answer<typeof reportTagChange>>('POST', `/v1/guests/${segment(guestId)}/tags`, request),
  correctProfile: (guestId: string, request: CorrectionRequest) =>
    call<Answer<typeof reportProfileCorrection>>('POST', `/v1/guests/${segment(guestId)}/corrections`, request),
  recordDietaryNeeds: (guestId: string, request: DietaryNeedsRequest) =>
    call<Answer<typeof reportDietaryNeeds>>('POST', `/v1/guests/${segment(guestId)}/dietary-needs`, request),
  card: (guestId: string, query: { outlet?: string; propertyId?: string; mealPeriod?: string } = {}) =>
    call<CardView>('GET', `/v1/guests/${segment(guestId)}/recognition${queryString(query)}`),
  roomCard: (propertyId: string, room: string, query: { outlet?: string; mealPeriod?: string } = {}) =>
    call<CardView>('GET', `/v1/properties/${segment(propertyId)}/rooms/${segment(room)}/recognition${queryString(query)}`),
  inHouse: (propertyId: string) => call<{ propertyId: string; guests: InHouseGuest[] }>('GET', `/v1/properties/${segment(propertyId)}/in-house`),
  searchGuests: (query: { email: string } | { phone: string } | { lastName: string }) =>
    call<{ guests: GuestSummary[] }>('GET', `/v1/guests${queryString(query)}`),
  comingDown: (request: ComingDownRequest) => call<Answer<typeof reportComingDown>>('POST', '/v1/notices', request),
  /** "Have we seen you before?": the walk-in's card, or a 404 at a first visit. */
  findDiner: (query: { lastName: string; outlet: string; propertyId: string } & ({ email: string } | { phone: string })) =>
    call<CardView>('GET', `/v1/diners${queryString(query)}`),
  /** The arrivals of a day at the caller's property (the PMS's reservations), with the cards of guests we know. */
  arrivals: (date: string) => call<{ propertyId: string; date: string; arrivals: ArrivalView[] }>('GET', `/v1/arrivals${queryString({ date })}`),
  /** Why lapsed guests left: the answers counted per reason and month (admins). */
  lapsedReasons: (query: { propertyId: string; from: string; to: string }) => call<LapsedReasonsView>('GET', `/v1/lapsed-reasons${queryString(query)}`),
  /** Pairs of guests who share an identity key but were kept apart at check-in, for an admin to look at. */
  possibleDuplicates: (query: { propertyId?: string } = {}) =>
    call<{ possibleDuplicates: PossibleDuplicateRecord[] }>('GET', `/v1/possible-duplicates${queryString(query)}`),
  /** Merges `mergedGuestId` into `guestId`, who survives (admins); recorded a moment after the 202. */
  mergeGuests: (guestId: string, request: MergeRequest) => call<Answer<typeof reportMerge>>('POST', `/v1/guests/${segment(guestId)}/merges`, request),
  /** Undoes the merge of `mergedGuestId` into `guestId` (admins); recorded a moment after the 202. */
  unmergeGuests: (guestId: string, mergedGuestId: string, request: UnmergeRequest) =>
    call<Answer<typeof reportUnmerge>>('POST', `/v1/guests/${segment(guestId)}/merges/${segment(mergedGuestId)}/undo`, request),
  /** A property's top 20% guests by spend, as the latest daily run ranked them (admins). */
  topGuests: (propertyId: string, cursor?: string) =>
    call<TopGuestsPage>('GET', `/v1/properties/${segment(propertyId)}/top-guests${queryString({ limit: '20', cursor })}`),
  visits: (guestId: string, cursor?: string) => call<VisitHistoryPage>('GET', `/v1/guests/${segment(guestId)}/visits${queryString({ limit: '10', cursor })}`),
};

function queryString(query: Record<string, string | undefined>): string {
  const entries = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}
