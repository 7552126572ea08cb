/**
 * The front desk's arrivals: the guests the PMS expects on a day (tomorrow by default), each with the card of a guest
 * we know ("welcome back": stays, the usual, the newest note) or the name as reserved for a first stay. An expected
 * arrival is checked in from here, with the reservation named, so it shows as arrived.
 */
import { useEffect, useState } from 'preact/hooks';
import { findProperty } from '#shared/config/properties';
import { toLocalDate } from '#shared/domain/dates';
import type { DietaryNeeds } from '#shared/domain/dietary-needs';
import { api, type ArrivalView } from '../api.ts';
import { formatDate, formatItems, formatStays } from '../format.ts';
import { t } from '../i18n.ts';
import { navigate } from '../router.ts';
import { staff } from '../session.ts';
import { ErrorMessage, Link, TextField } from '../ui.tsx';
import { prefillCheckIn } from './check-in.tsx';
import { allergenName, dietName } from './dietary-needs.tsx';

/** The local date at the property `days` from today. */
export function localDateFromToday(timeZone: string, days: number): string {
  const today = toLocalDate(new Date(), timeZone);
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The arrivals of a day, loaded when the day changes; undefined until the first answer. */
export function useArrivals(date: string) {
  const [arrivals, setArrivals] = useState<ArrivalView[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    let current = true;
    setArrivals(undefined);
    api.arrivals(date).then(
      (answer) => {
        if (!current) return;
        setArrivals(answer.arrivals);
        setError(undefined);
      },
      (caught) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [date]);
  return { arrivals, error };
}

/** What a known guest likes, in a line: the most recent usual (table and order), else the newest note. */
export function likesOf(card: NonNullable<ArrivalView['recognition']>): string {
  const usual = [...card.dining].sort((a, b) => b.usualOrder.lastChosenOn.localeCompare(a.usualOrder.lastChosenOn))[0];
  if (usual) return `${formatItems(usual.usualOrder.choice)} (${usual.usualTable.choice})`;
  return card.notes[0]?.text ?? '';
}

/** Allergies and dietary needs in one short line, in the card's red box: on an arrival and on the names sheet. */
export function DietaryNeedsBrief({ needs }: { needs: DietaryNeeds | null | undefined }) {
  if (!needs) return null;
  const parts = [
    needs.allergies.length ? (
      <span key="allergies" class="dietary-allergies">
        <strong>{t('dietaryAllergies')}:</strong> {needs.allergies.map(allergenName).join(', ')}
      </span>
    ) : null,
    needs.diets.length ? (
      <span key="diets" class="dietary-diets">
        <strong>{t('dietaryDiets')}:</strong> {needs.diets.map(dietName).join(', ')}
      </span>
    ) : null,
    needs.other ? (
      <span key="other" class="dietary-other">
        {needs.other}
      </span>
    ) : null,
  ].filter((part) => part !== null);
  if (parts.length === 0) return null;
  return (
    <div class="dietary-alert dietary-brief" role="note" aria-label={t('dietaryTitle')}>
      {parts.flatMap((part, index) => (index ? [' · ', part] : [part]))}
    </div>
  );
}

export function Arrivals() {
  const propertyId = staff.value!.propertyId;
  const timeZone = findProperty(propertyId)?.timeZone ?? 'UTC';
  const [date, setDate] = useState(() => localDateFromToday(timeZone, 1));
  const { arrivals, error } = useArrivals(date);

  return (
    <section aria-labelledby="arrivals-title">
      <div class="toolbar">
        <h1 id="arrivals-title">{t('deskArrivals')}</h1>
        <TextField label={t('arrivalsDate')} type="date" value={date} onInput={setDate} required />
      </div>
      <ErrorMessage error={error} />
      {arrivals ? <p class="hint">{t('arrivalsCount', { count: arrivals.length, date: formatDate(date) })}</p> : error ? null : <p>{t('loading')}</p>}
      {arrivals && arrivals.length === 0 ? <p class="message">{t('arrivalsEmpty')}</p> : null}
      {arrivals?.length ? (
        <ul class="arrivals-list">
          {arrivals.map((arrival) => (
            <li key={arrival.reservationId} class={`arrival ${arrival.status}`}>
              <ArrivalLine arrival={arrival} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ArrivalLine({ arrival }: { arrival: ArrivalView }) {
  const card = arrival.recognition;
  const likes = card ? likesOf(card) : '';
  return (
    <article aria-label={arrival.salutation}>
      <h2 class="salutation">{card?.salutation ?? arrival.salutation}</h2>
      <p class="full-name">{arrival.fullName}</p>
      <p class="badges">
        {arrival.status === 'arrived' ? (
          <span class="badge in-house">{t('arrivalsArrived', { room: arrival.room ?? '' })}</span>
        ) : (
          <span class="badge">{t('arrivalsExpected')}</span>
        )}
        {card ? (
          <span class={`badge ${card.status}`}>{t('arrivalsKnown', { stays: formatStays(card.stays.count) })}</span>
        ) : (
          <span class="badge first-stay">{t('arrivalsNew')}</span>
        )}
        {arrival.roomType ? <span class="badge">{arrival.roomType}</span> : null}
        <span class="badge">{t('arrivalsUntil', { date: formatDate(arrival.departureDate) })}</span>
      </p>
      <DietaryNeedsBrief needs={card?.dietaryNeeds} />
      {likes ? (
        <p class="hint">
          {t('namesLikes')}: {likes}
        </p>
      ) : null}
      <p class="actions">
        {card ? (
          <Link href={`/desk/guests/${encodeURIComponent(card.guestId)}`} class="button">
            {t('openCard')}
          </Link>
        ) : null}
        {arrival.status === 'expected' ? (
          <button
            type="button"
            class="primary"
            onClick={() => {
              const { guest } = arrival;
              prefillCheckIn({
                reservationId: arrival.reservationId,
                title: guest.title ?? '',
                firstName: guest.firstName ?? '',
                lastName: guest.lastName,
                email: guest.email ?? '',
                phone: guest.phone ?? '',
              });
              navigate('/desk/check-in');
            }}
          >
            {t('arrivalsCheckIn', { salutation: arrival.salutation })}
          </button>
        ) : null}
      </p>
    </article>
  );
}
