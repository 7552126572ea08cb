/** The guests in house, by room: search, sort, open a card, record a departure. */
import { useEffect, useState } from 'preact/hooks';
import type { InHouseGuest } from '#shared/ports';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { newEventId } from '../persist.ts';
import { staff } from '../session.ts';
import { ErrorMessage, Link, Notice, TextField } from '../ui.tsx';

export function compareRooms(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

/** The guests in house, loaded when the screen opens and again on `reload`; `guests` is undefined until the first answer. */
export function useInHouse(propertyId: string) {
  const [guests, setGuests] = useState<InHouseGuest[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const reload = () =>
    api.inHouse(propertyId).then((answer) => {
      setGuests(answer.guests);
      setError(undefined);
    }, setError);
  useEffect(() => {
    void reload();
  }, [propertyId]);
  return { guests, setGuests, error, setError, reload };
}

/** True when a few lowercase letters typed by staff appear in the guest's full name or salutation. */
export function hasNameContaining(guest: Pick<InHouseGuest, 'fullName' | 'salutation'>, needle: string): boolean {
  return guest.fullName.toLowerCase().includes(needle) || guest.salutation.toLowerCase().includes(needle);
}

/** A guest as a list shows them: the salutation staff say aloud, then the full name. */
export function GuestName({ guest }: { guest: Pick<InHouseGuest, 'fullName' | 'salutation'> }) {
  return (
    <>
      <strong>{guest.salutation}</strong> <span class="hint">{guest.fullName}</span>
    </>
  );
}

export function InHouseList() {
  const propertyId = staff.value!.propertyId;
  const { guests, setGuests, error, setError } = useInHouse(propertyId);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<'room' | 'name'>('room');
  const [departing, setDeparting] = useState<{ guest: InHouseGuest; eventId: string; at: string } | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);

  const needle = search.trim().toLowerCase();
  const shown = (guests ?? [])
    .filter((g) => !needle || g.room.toLowerCase().startsWith(needle) || hasNameContaining(g, needle))
    .sort((a, b) => (sort === 'room' ? compareRooms(a.room, b.room) : a.fullName.localeCompare(b.fullName)));

  return (
    <section aria-labelledby="in-house-title">
      <div class="toolbar">
        <h1 id="in-house-title">{t('deskInHouse')}</h1>
        <TextField label={t('inHouseSearch')} value={search} onInput={setSearch} type="search" autoComplete="off" />
        <div class="field">
          <span class="label" id="sort-label">
            {t('sortBy')}
          </span>
          <div role="group" aria-labelledby="sort-label" class="segmented">
            <button type="button" class="chip" aria-pressed={sort === 'room'} onClick={() => setSort('room')}>
              {t('sortRoom')}
            </button>
            <button type="button" class="chip" aria-pressed={sort === 'name'} onClick={() => setSort('name')}>
              {t('sortName')}
            </button>
          </div>
        </div>
      </div>
      <ErrorMessage error={error} />
      {done ? <Notice>{done}</Notice> : null}
      {departing ? (
        <div class="confirm" role="alertdialog" aria-labelledby="depart-question">
          <p id="depart-question">{t('departConfirm', { salutation: departing.guest.salutation, room: departing.guest.room })}</p>
          <button
            type="button"
            class="primary"
            onClick={async () => {
              try {
                await api.depart({ propertyId, room: departing.guest.room, eventId: departing.eventId, at: departing.at });
                setDone(t('departed', { salutation: departing.guest.salutation, room: departing.guest.room }));
                setDeparting(undefined);
                setError(undefined);
                setGuests((list) => list?.filter((g) => g.room !== departing.guest.room));
              } catch (caught) {
                setError(caught);
              }
            }}
          >
            {t('confirm')}
          </button>
          <button type="button" onClick={() => setDeparting(undefined)}>
            {t('cancel')}
          </button>
        </div>
      ) : null}
      {guests ? <p class="hint">{t('inHouseCount', { count: guests.length })}</p> : <p>{t('loading')}</p>}
      {guests && guests.length === 0 ? <p class="message">{t('inHouseEmpty')}</p> : null}
      <table class="list">
        <thead>
          <tr>
            <th scope="col">{t('room')}</th>
            <th scope="col">{t('namesSalutation')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('openCard')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((guest) => (
            <tr key={guest.room}>
              <td class="room">{guest.room}</td>
              <td>
                <GuestName guest={guest} />
              </td>
              <td class="row-actions">
                <Link href={`/desk/guests/${encodeURIComponent(guest.guestId)}`} class="button">
                  {t('openCard')}
                </Link>
                <button
                  type="button"
                  onClick={() => {
                    setDone(undefined);
                    setDeparting({ guest, eventId: newEventId(), at: new Date().toISOString() });
                  }}
                >
                  {t('depart')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
