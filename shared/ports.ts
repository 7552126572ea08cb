/**
 * The ports use cases are given: small interfaces over AWS (or anything else). Function modules build the real
 * ones once, at load time; tests pass the real local services or, where nothing local exists, a fake.
 */
import type { AbsenceAnswerGiven, LapsedReasonsMonth } from './domain/absence-survey.ts';
import type { IdentityHolder, IdentityKey } from './domain/identity.ts';
import type { EventKey } from './events/event-key.ts';
import type { GuestProfile } from './domain/guest-profile.ts';
import type {
  DetailOf,
  DiningRecorded,
  GuestCheckedIn,
  GuestDeparted,
  GuestEventDefinition,
  GuestDietaryNeedsRecorded,
  GuestNoteAdded,
  GuestProfileCorrected,
  GuestTagChanged,
  GuestNoteChanged,
  GuestsMerged,
  GuestsUnmerged,
  MarketingConsentWithdrawn,
} from './events/guest-events.ts';

export interface InHouseGuest {
  readonly propertyId: string;
  readonly room: string;
  readonly guestId: string;
  readonly salutation: string;
  readonly fullName: string;
  /** Business time of the check-in. */
  readonly checkedInAt: string;
}

export interface PossibleDuplicateRecord {
  readonly propertyId: string;
  /** Sorted, so a pair is listed once. */
  readonly guestIds: readonly [string, string];
  readonly sharedKey: IdentityKey;
  /** Business time of the check-in that found them. */
  readonly foundAt: string;
  /** Each of the pair, as an admin deciding a merge needs them; `mergedInto` once merged into the other. */
  readonly guests: readonly DuplicateGuest[];
}

export interface DuplicateGuest {
  readonly guestId: string;
  readonly salutation: string;
  readonly fullName: string;
  readonly stayCount: number;
  readonly mergedInto?: string;
}

export interface RecordedEvent {
  readonly contentHash: string;
  readonly at: string;
  /** The guest the event was recorded for (absent when it was discarded). */
  readonly guestId?: string;
}

export interface GuestReader {
  getProfile(guestId: string): Promise<GuestProfile | undefined>;
  /** Guests holding any of these identity keys, in the keys' order, each once. */
  findGuestIds(identityKeys: readonly IdentityKey[]): Promise<string[]>;
  /** Guests with this surname (case and accents folded), in no meaningful order: read only as many as needed. */
  listGuestIdsBySurname(surname: string): AsyncIterable<string>;
  /** Who holds each key, with their surname: what deciding which guest a check-in names needs. */
  findIdentityHolders(identityKeys: readonly IdentityKey[]): Promise<IdentityHolder[]>;
  /** Pairs of guests a check-in found sharing an identity key at a property, for an admin to confirm or dismiss. */
  listPossibleDuplicates(propertyId: string): Promise<PossibleDuplicateRecord[]>;
  /** The event recorded under this key, if any: a terminal's retry is answered from it. */
  getRecordedEvent(key: EventKey): Promise<RecordedEvent | undefined>;
  /** The guest in a room, with the whole profile: one key lookup answers "who is in room 1203?" with the card. */
  getInHouseGuest(propertyId: string, room: string): Promise<(InHouseGuest & { readonly profile: GuestProfile }) | undefined>;
  listInHouse(propertyId: string): Promise<InHouseGuest[]>;
}

/**
 * `duplicate`: the event was recorded before (EventBridge delivers at least once); nothing changed.
 * `discarded`: the guest has been erased; the event is marked handled and changes nothing.
 */
export type RecordOutcome = 'recorded' | 'duplicate' | 'discarded';

export interface GuestRecorder {
  recordCheckIn(event: GuestCheckedIn): Promise<RecordOutcome>;
  recordDining(event: DiningRecorded): Promise<RecordOutcome>;
  recordDeparture(event: GuestDeparted): Promise<RecordOutcome>;
  recordNote(event: GuestNoteAdded): Promise<RecordOutcome>;
  recordConsentWithdrawn(event: MarketingConsentWithdrawn): Promise<RecordOutcome>;
  recordDietaryNeeds(event: GuestDietaryNeedsRecorded): Promise<RecordOutcome>;
  recordProfileCorrection(event: GuestProfileCorrected): Promise<RecordOutcome>;
  recordTagChange(event: GuestTagChanged): Promise<RecordOutcome>;
  recordNoteChange(event: GuestNoteChanged): Promise<RecordOutcome>;
  recordMerge(event: GuestsMerged): Promise<RecordOutcome>;
  recordUnmerge(event: GuestsUnmerged): Promise<RecordOutcome>;
}

/**
 * Records an answer to a "we miss you" email's survey link: `already-answered` when that email's link was answered
 * before (the first answer stands), `guest-erased` when the guest is gone.
 */
export type AbsenceAnswerOutcome = 'recorded' | 'already-answered' | 'guest-erased';

export interface AbsenceAnswerRecorder {
  recordAbsenceAnswer(event: AbsenceAnswerGiven): Promise<AbsenceAnswerOutcome>;
  /** Whether the email's link was answered before (a guest coming back to the link is told so, not asked again). */
  hasAnswered(guestId: string, survey: string): Promise<boolean>;
}

/** One property's counts of why lapsed guests left, per month (months nobody answered are absent). */
export interface LapsedReasonsReader {
  listMonths(propertyId: string, fromMonth: string, toMonth: string): Promise<LapsedReasonsMonth[]>;
}

export interface EventPublisher {
  /** Publishes one event of the given definition; resolves once the bus has accepted it. */
  publish<D extends GuestEventDefinition>(event: D, detail: DetailOf<D>): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * One email as the provider's simple send takes it: the From mailbox (`Name <address>`, the name encoded when it is
 * not plain ASCII), one recipient, subject and both bodies in UTF-8, and extra headers (the one-click unsubscribe).
 */
export interface OutgoingEmail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
}

/** Where a campaign's email goes out. Resolves with the provider's message id. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<string>;
}

export interface CampaignStore {
  /** Guest ids under one key of the campaign's sparse index (a month-day or a departure date). */
  listCandidates(index: 'guestsByBirthday' | 'guestsByLastStayDate', key: string): AsyncIterable<string>;
  /** Strongly consistent: a consent withdrawn a moment ago is seen. */
  getProfile(guestId: string): Promise<GuestProfile | undefined>;
  isSuppressed(email: string): Promise<boolean>;
  /**
   * Claims guest · campaign · period before sending. When it was claimed before, answers what the ledger holds, in
   * the same request, so a rerun can say why it skips the guest.
   */
  claimSend(claim: SendClaim): Promise<ClaimResult>;
  markSent(claim: SendClaim, messageId: string): Promise<void>;
  /** Gives a claim back when the provider proved it sent nothing, so a rerun sends it. */
  releaseSend(claim: SendClaim): Promise<void>;
  /**
   * Records that this email can never go out (the provider rejected it, or it cannot be built from the guest's data):
   * the entry stays, so no rerun for the same period tries it again. `reason` names the error, never its message.
   */
  markFailed(claim: SendClaim, reason: string): Promise<void>;
  /**
   * Records that the send ended without a clear answer (a timeout, a dropped connection, a server error): the
   * provider may have sent it. The entry stays, so no rerun sends it again; someone has to check. `errorName` only.
   */
  markOutcomeUnknown(claim: SendClaim, errorName: string): Promise<void>;
  suppress(email: string, reason: 'bounce' | 'complaint', at: string): Promise<void>;
}

export interface SendClaim {
  readonly guestId: string;
  readonly campaign: string;
  readonly period: string;
  readonly at: string;
}

/**
 * The states of a ledger entry: `sending` (claimed, not yet confirmed: another run is at it, or a run stopped
 * between claiming and recording), `sent`, `failed` (never to be sent for this period), `unknown` (the send ended
 * without an answer and may have gone out).
 */
export type SendStatus = 'sending' | 'sent' | 'failed' | 'unknown';

export type ClaimResult =
  | { readonly claimed: true }
  | {
      readonly claimed: false;
      readonly status: SendStatus;
      /** The run instant of the claim that holds the entry. */
      readonly claimedFor?: string;
      /** For `failed`, the recorded reason; for `unknown`, the error's name. */
      readonly reason?: string;
    };

/** A terminal listening for live notices: one open WebSocket connection, for one outlet of one property. */
export interface LiveConnection {
  readonly connectionId: string;
  readonly propertyId: string;
  readonly outlet: string;
  readonly role: string;
}

export interface LiveConnections {
  add(connection: LiveConnection, expiresAt: Date): Promise<void>;
  /** Forgets the connection; nothing happens when it is already gone. */
  remove(connectionId: string): Promise<void>;
  listForOutlet(propertyId: string, outlet: string): Promise<LiveConnection[]>;
}

/** Sends a message down an open connection; `gone` when the terminal has left (its connection is then forgotten). */
export interface LivePusher {
  push(connectionId: string, message: unknown): Promise<'sent' | 'gone'>;
}

/** Checks a staff token as the HTTP API's authorizer does, and answers its claims. */
export interface TokenVerifier {
  verify(token: string): Promise<Record<string, unknown>>;
}
