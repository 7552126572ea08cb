/** "Names to learn tonight": the guests in house on a printable sheet, 30 to a page, then those arriving tomorrow. */
import { useEffect, useState } from 'preact/hooks';
import { findProperty } from '#shared/config/properties';
import { api, type CardView } from '../api.ts';
import { formatDate, formatItems, formatStays } from '../format.ts';
import { locale, t } from '../i18n.ts';
import { staff } from '../session.ts';
import { ErrorMessage } from '../ui.tsx';
import { compareRooms, GuestName } from './in-house.tsx';
import { likesOf as arrivalLikes, DietaryNeedsBrief, localDateFromToday, useArrivals } from './arrivals.tsx';

const guestsPerPage = 30;

interface Line {
  readonly room: string;
  readonly salutation: string;
  readonly fullName: string;
  readonly stays: number;
  readonly likes: string;
  readonly dietaryNeeds: CardView['dietaryNeeds'];
}

/** One line of what they like: the usual order (the most recent one seen), or else the newest note. */
function likesOf(card: CardView): string {
  const usual = [...card.dining].sort((a, b) => b.usualOrder.lastChosenOn.localeCompare(a.usualOrder.lastChosenOn))[0];
  if (usual) return `${formatItems(usual.usualOrder.choice)} (${usual.usualTable.choice})`;
  return card.notes[0]?.text ?? '';
}

export function NamesSheet() {
  const propertyId = staff.value!.propertyId;
  const property = findProperty(propertyId);
  const [lines, setLines] = useState<Line[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    (async () => {
      const { guests } = await api.inHouse(propertyId);
      const cards = await Promise.all(guests.map((guest) => api.card(guest.guestId, { propertyId }).catch(() => undefined)));
      setLines(
        guests
          .map((guest, index) => {
            const card = cards[index];
            return {
              room: guest.room,
              salutation: guest.salutation,
              fullName: guest.fullName,
              stays: card?.stays.count ?? 1,
              likes: card ? likesOf(card) : '',
              dietaryNeeds: card?.dietaryNeeds ?? null,
            };
          })
          .sort((a, b) => compareRooms(a.room, b.room)),
      );
    })().catch(setError);
  }, [propertyId]);

  const pages: Line[][] = [];
  for (let index = 0; index < (lines ?? []).length; index += guestsPerPage) pages.push(lines!.slice(index, index + guestsPerPage));
  const tomorrow = localDateFromToday(property?.timeZone ?? 'UTC', 1);
  const arriving = useArrivals(tomorrow);
  const expected = arriving.arrivals?.filter((arrival) => arrival.status === 'expected');
  const today = new Date().toLocaleDateString(locale(), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: property?.timeZone ?? 'UTC',
  });

  return (
    <section class="names-sheet" aria-labelledby="names-title">
      <div class="toolbar no-print">
        <h1 id="names-title">{t('namesTitle')}</h1>
        <button type="button" class="primary" onClick={() => print()}>
          {t('namesPrint')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {lines ? null : <p>{t('loading')}</p>}
      {lines && lines.length === 0 ? <p class="message">{t('inHouseEmpty')}</p> : null}
      {pages.map((page, pageIndex) => (
        <div class="sheet-page" key={pageIndex}>
          <p class="sheet-heading">
            <strong>{t('namesTitle')}</strong> · {t('namesSubtitle', { property: property?.name ?? propertyId, date: today, count: lines!.length })}
            {pages.length > 1 ? ` · ${pageIndex + 1}/${pages.length}` : ''}
          </p>
          <table class="list sheet">
            <thead>
              <tr>
                <th scope="col">{t('room')}</th>
                <th scope="col">{t('namesSalutation')}</th>
                <th scope="col">{t('namesStays')}</th>
                <th scope="col">{t('namesLikes')}</th>
              </tr>
            </thead>
            <tbody>
              {page.map((line) => (
                <tr key={line.room}>
                  <td class="room">{line.room}</td>
                  <td>
                    <GuestName guest={line} />
                  </td>
                  <td class="stays">{formatStays(line.stays)}</td>
                  <td>
                    <DietaryNeedsBrief needs={line.dietaryNeeds} />
                    {line.likes}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <ErrorMessage error={arriving.error} />
      {expected?.length ? (
        <div class="sheet-page arrivals-sheet">
          <h2 class="sheet-heading" id="names-arrivals-title">
            <strong>{t('namesArrivalsTitle')}</strong> · {t('namesArrivalsSubtitle', { date: formatDate(tomorrow), count: expected.length })}
          </h2>
          <table class="list sheet" aria-labelledby="names-arrivals-title">
            <thead>
              <tr>
                <th scope="col">{t('namesSalutation')}</th>
                <th scope="col">{t('namesStays')}</th>
                <th scope="col">{t('namesLikes')}</th>
              </tr>
            </thead>
            <tbody>
              {expected.map((arrival) => (
                <tr key={arrival.reservationId}>
                  <td>
                    <GuestName guest={arrival.recognition ?? arrival} />
                  </td>
                  <td class="stays">{arrival.recognition ? formatStays(arrival.recognition.stays.count) : t('namesArrivalsNew')}</td>
                  <td>
                    <DietaryNeedsBrief needs={arrival.recognition?.dietaryNeeds} />
                    {arrival.recognition ? arrivalLikes(arrival.recognition) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
