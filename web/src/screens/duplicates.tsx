/**
 * For admins: the possible duplicates, pairs of guests who share a phone, an email or a PMS profile but were kept
 * apart at check-in (identity is evidence, not a guess). An admin who knows both profiles merges one into the other,
 * or undoes a merge; every terminal then shows the change, so each step is confirmed first.
 */
import { useEffect, useState } from 'preact/hooks';
import { findProperty } from '#shared/config/properties';
import type { IdentityKey, IdentityKind } from '#shared/domain/identity';
import type { DuplicateGuest, PossibleDuplicateRecord } from '#shared/ports';
import { ApiError, api } from '../api.ts';
import { formatInstant, formatStays } from '../format.ts';
import { type MessageKey, t } from '../i18n.ts';
import { newEventId } from '../persist.ts';
import { ErrorMessage, Link } from '../ui.tsx';

type Pair = PossibleDuplicateRecord;

/** A merge or its undoing, as the admin is asked to confirm it; its id and time are fixed once, so a retry is one event. */
interface Decision {
  readonly action: 'merge' | 'undo';
  readonly kept: DuplicateGuest;
  readonly merged: DuplicateGuest;
  readonly eventId: string;
  readonly at: string;
}

const sharedKeyMessages: Record<IdentityKind, MessageKey> = {
  pms: 'duplicateSharedPms',
  email: 'duplicateSharedEmail',
  phone: 'duplicateSharedPhone',
};

/** "Same phone +66 81 234 5678"; a PMS profile id without the property it is scoped by. */
export function describeSharedKey(key: IdentityKey): string {
  const value = key.kind === 'pms' ? key.value.slice(key.value.indexOf(':') + 1) : key.value;
  return t(sharedKeyMessages[key.kind], { value });
}

function pairKey(pair: Pair): string {
  return `${pair.propertyId}:${pair.guestIds.join(':')}`;
}

/** The pair's guest merged into the other one, with the one who survived; undefined when the two stand apart. */
function mergeWithin(pair: Pair): { kept: DuplicateGuest; merged: DuplicateGuest } | undefined {
  const [first, second] = pair.guests;
  if (!first || !second) return undefined;
  if (first.mergedInto === second.guestId) return { kept: second, merged: first };
  if (second.mergedInto === first.guestId) return { kept: first, merged: second };
  return undefined;
}

/** Whether the list shows the decision recorded: the duplicate merged into the survivor, or the two apart again. */
function shows(pair: Pair | undefined, decision: Decision): boolean {
  const merge = pair ? mergeWithin(pair) : undefined;
  return decision.action === 'merge' ? merge?.merged.guestId === decision.merged.guestId : merge === undefined;
}

/** The API names guests by id; an admin reads their names. */
function withNames(error: unknown, guests: readonly DuplicateGuest[]): unknown {
  if (!(error instanceof ApiError)) return error;
  const message = guests.reduce((text, guest) => text.replaceAll(guest.guestId, guest.fullName), error.message);
  return new ApiError(error.status, error.code, message, error.fields);
}

const pollAttempts = 20;
const pollIntervalMs = 300;

export function PossibleDuplicates() {
  const [pairs, setPairs] = useState<Pair[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const load = () =>
    api.possibleDuplicates().then((answer) => {
      setPairs(answer.possibleDuplicates);
      setError(undefined);
    }, setError);
  useEffect(() => {
    void load();
  }, []);
  const newestFirst = [...(pairs ?? [])].sort((a, b) => b.foundAt.localeCompare(a.foundAt));
  return (
    <section aria-labelledby="duplicates-title">
      <div class="toolbar">
        <h1 id="duplicates-title">{t('deskDuplicates')}</h1>
      </div>
      <p class="hint">{t('duplicatesHint')}</p>
      <ErrorMessage error={error} />
      {pairs === undefined ? (
        error ? null : (
          <p>{t('loading')}</p>
        )
      ) : newestFirst.length === 0 ? (
        <p class="message">{t('duplicatesEmpty')}</p>
      ) : (
        <ul class="duplicates">
          {newestFirst.map((pair) => (
            <li key={pairKey(pair)}>
              <DuplicatePair pair={pair} onRecorded={setPairs} onReload={() => void load()} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DuplicatePair({ pair, onRecorded, onReload }: { pair: Pair; onRecorded: (pairs: Pair[]) => void; onReload: () => void }) {
  const [decision, setDecision] = useState<Decision | undefined>(undefined);
  const [pending, setPending] = useState<Decision['action'] | undefined>(undefined);
  const [stillPending, setStillPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const property = findProperty(pair.propertyId);
  const merge = mergeWithin(pair);
  const [first, second] = pair.guests;
  // Two profiles often carry the same name: the buttons then say which side survives.
  const sameNames = first?.fullName === second?.fullName;
  const nameOf = (guest: DuplicateGuest) =>
    sameNames ? t(guest.guestId === first?.guestId ? 'duplicateNameLeft' : 'duplicateNameRight', { name: guest.fullName }) : guest.fullName;
  const decide = (action: Decision['action'], kept: DuplicateGuest, merged: DuplicateGuest) => {
    setError(undefined);
    setStillPending(false);
    setDecision({ action, kept, merged, eventId: newEventId(), at: new Date().toISOString() });
  };

  const send = async (chosen: Decision) => {
    setPending(chosen.action);
    setError(undefined);
    try {
      const request = { eventId: chosen.eventId, propertyId: pair.propertyId, at: chosen.at };
      if (chosen.action === 'merge') await api.mergeGuests(chosen.kept.guestId, { ...request, mergedGuestId: chosen.merged.guestId });
      else await api.unmergeGuests(chosen.kept.guestId, chosen.merged.guestId, request);
      setDecision(undefined);
      // The merge is recorded a moment after the 202: read the list again until it shows (a few tries).
      for (let attempt = 0; attempt < pollAttempts; attempt++) {
        const latest = await api.possibleDuplicates().catch(() => undefined);
        if (
          latest &&
          shows(
            latest.possibleDuplicates.find((p) => pairKey(p) === pairKey(pair)),
            chosen,
          )
        ) {
          onRecorded(latest.possibleDuplicates);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      }
      setStillPending(true);
    } catch (caught) {
      setError(withNames(caught, pair.guests));
      // Another terminal may have merged or undone it meanwhile: show the pair as it is now, beside the reason.
      if (caught instanceof ApiError && (caught.status === 404 || caught.status === 409)) {
        setDecision(undefined);
        onReload();
      }
    } finally {
      setPending(undefined);
    }
  };

  const headingId = `duplicate-${pairKey(pair).replace(/[^\w-]/g, '-')}`;
  return (
    <article class={`duplicate-pair${merge ? ' merged' : ''}`} aria-labelledby={headingId}>
      <header class="duplicate-head">
        <h2 id={headingId}>{describeSharedKey(pair.sharedKey)}</h2>
        <p class="hint">
          {t('duplicateFound', { date: formatInstant(pair.foundAt, property?.timeZone ?? 'UTC'), property: property?.name ?? pair.propertyId })}
        </p>
      </header>
      <div class="duplicate-guests">
        {pair.guests.map((guest) => {
          const other = pair.guests.find((g) => g.guestId !== guest.guestId);
          return (
            <div key={guest.guestId} class={`duplicate-guest${guest.mergedInto ? ' is-merged' : ''}`}>
              <h3>{guest.salutation}</h3>
              {/* The full name leads to the card: two profiles often share a salutation. */}
              <Link href={`/desk/guests/${encodeURIComponent(guest.guestId)}`} class="full-name">
                {guest.fullName}
              </Link>
              <p class="badges">
                <span class="badge">{formatStays(guest.stayCount)}</span>
                {guest.mergedInto ? (
                  <span class="badge merged-badge">
                    {other && guest.mergedInto === other.guestId ? t('duplicateMergedInto', { name: nameOf(other) }) : t('duplicateMergedElsewhere')}
                  </span>
                ) : null}
              </p>
              {!merge && !decision && !pending && other && !guest.mergedInto && !other.mergedInto ? (
                <button type="button" onClick={() => decide('merge', guest, other)}>
                  {t('duplicateKeep', { kept: nameOf(guest), merged: nameOf(other) })}
                </button>
              ) : null}
            </div>
          );
        })}
      </div>
      {merge ? (
        <div class="duplicate-outcome">
          <p>
            <strong>{t('duplicateMerged', { merged: nameOf(merge.merged), kept: nameOf(merge.kept) })}</strong>
          </p>
          {!decision && !pending ? (
            <button type="button" onClick={() => decide('undo', merge.kept, merge.merged)}>
              {t('duplicateUndo')}
            </button>
          ) : null}
        </div>
      ) : null}
      {decision ? (
        <div class="confirm" role="alertdialog" aria-labelledby={`${headingId}-question`}>
          <p id={`${headingId}-question`}>
            {decision.action === 'merge'
              ? t('duplicateMergeConfirm', { kept: nameOf(decision.kept), merged: nameOf(decision.merged) })
              : t('duplicateUndoConfirm', { kept: nameOf(decision.kept), merged: nameOf(decision.merged) })}
          </p>
          <button type="button" class="primary" disabled={pending !== undefined} onClick={() => void send(decision)}>
            {decision.action === 'merge' ? t('duplicateMergeButton') : t('duplicateUndo')}
          </button>
          <button type="button" class="quiet" onClick={() => setDecision(undefined)}>
            {t('cancel')}
          </button>
        </div>
      ) : null}
      {pending ? (
        <p class="message" role="status">
          {pending === 'merge' ? t('duplicateMerging') : t('duplicateUndoing')}
        </p>
      ) : null}
      {stillPending ? (
        <div class="message warn duplicate-still-pending">
          <p>{t('duplicateNotYetShown')}</p>
          <button
            type="button"
            onClick={() => {
              setStillPending(false);
              onReload();
            }}
          >
            {t('duplicateLookAgain')}
          </button>
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </article>
  );
}
