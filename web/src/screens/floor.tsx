/**
 * The floor terminal: the guests in house on the floor(s) this attendant looks after, by room, with one large button
 * per outlet to tell it the guest is on the way down. The floor sees names and rooms only: the API gives nothing else.
 */
import { useState } from 'preact/hooks';
import { findProperty } from '#shared/config/properties';
import type { InHouseGuest } from '#shared/ports';
import { api, ApiError } from '../api.ts';
import { outletShortName } from '../format.ts';
import { t } from '../i18n.ts';
import { newEventId, persistedSignal } from '../persist.ts';
import { staff } from '../session.ts';
import { describeError, ErrorMessage, TopBar } from '../ui.tsx';
import { compareRooms, useInHouse } from './in-house.tsx';

/** A floor is the room number without its last two digits: 1203 is on floor 12, 0912 on floor 9. */
export function floorOf(room: string): string {
  const digits = /^(\d*?)\d{2}$/.exec(room.trim());
  if (!digits) return room.trim();
  return String(Number(digits[1] || '0'));
}

const chosenFloors = persistedSignal<string[]>('floor-floors', []);

type Told = Readonly<Record<string, { state: 'sending' | 'sent' | 'failed'; message?: string }>>;

export function Floor() {
  const propertyId = staff.value!.propertyId;
  const outlets = findProperty(propertyId)?.outlets ?? [];
  const { guests, error, reload } = useInHouse(propertyId);
  const [told, setTold] = useState<Told>({});

  const floors = [...new Set([...(guests ?? []).map((g) => floorOf(g.room)), ...chosenFloors.value])].sort(compareRooms);
  const chosen = chosenFloors.value;
  const shown = (guests ?? []).filter((g) => chosen.includes(floorOf(g.room))).sort((a, b) => compareRooms(a.room, b.room));
  const toggleFloor = (floor: string) => (chosenFloors.value = chosen.includes(floor) ? chosen.filter((f) => f !== floor) : [...chosen, floor]);

  const tell = async (guest: InHouseGuest, outletId: string, outletName: string) => {
    const key = `${guest.room}:${outletId}`;
    setTold((all) => ({ ...all, [key]: { state: 'sending' } }));
    try {
      await api.comingDown({ eventId: newEventId(), propertyId, room: guest.room, outlet: outletId });
      setTold((all) => ({ ...all, [key]: { state: 'sent', message: t('floorTold', { outlet: outletName }) } }));
    } catch (caught) {
      const message = caught instanceof ApiError && caught.status === 404 ? t('floorNotInHouse', { room: guest.room }) : describeError(caught);
      setTold((all) => ({ ...all, [key]: { state: 'failed', ...(message ? { message } : {}) } }));
    }
  };

  return (
    <>
      <TopBar title={t('terminal_floor')} />
      <main id="main" class="page floor">
        <div class="toolbar">
          <h1 id="floor-title">{chosen.length ? t('floorTitle', { floors: [...chosen].sort(compareRooms).join(', ') }) : t('floorChoose')}</h1>
          <button type="button" class="quiet" onClick={() => void reload()}>
            {t('floorRefresh')}
          </button>
        </div>
        <div class="segmented floors" role="group" aria-label={t('floorChoose')}>
          {floors.map((floor) => (
            <button type="button" key={floor} class="chip floor-chip" aria-pressed={chosen.includes(floor)} onClick={() => toggleFloor(floor)}>
              {t('floorNumber', { floor })}
            </button>
          ))}
        </div>
        <ErrorMessage error={error} />
        {!guests && !error ? <p>{t('loading')}</p> : null}
        {guests && chosen.length === 0 ? <p class="message">{t('floorChooseHint')}</p> : null}
        {guests && chosen.length > 0 && shown.length === 0 ? <p class="message">{t('floorEmpty')}</p> : null}
        <ul class="floor-guests" aria-labelledby="floor-title">
          {shown.map((guest) => (
            <li key={guest.room} class="floor-guest">
              <span class="room-number">
                <span class="visually-hidden">{t('room')} </span>
                {guest.room}
              </span>
              <span class="floor-name">
                <strong>{guest.salutation}</strong>
                <span class="hint">{guest.fullName}</span>
              </span>
              <span class="floor-actions">
                {outlets.map((outlet) => {
                  const name = outletShortName(outlet.name);
                  const state = told[`${guest.room}:${outlet.id}`];
                  return (
                    <span key={outlet.id} class="floor-action">
                      <button
                        type="button"
                        class="primary big"
                        disabled={state?.state === 'sending'}
                        aria-label={`${t('floorComingDown', { outlet: name })}: ${guest.salutation}, ${t('room')} ${guest.room}`}
                        onClick={() => void tell(guest, outlet.id, name)}
                      >
                        {t('floorComingDown', { outlet: name })}
                      </button>
                      {state?.message ? (
                        <span class={state.state === 'sent' ? 'told ok' : 'told error'} role={state.state === 'sent' ? 'status' : 'alert'}>
                          {state.state === 'sent' ? '✓ ' : ''}
                          {state.message}
                        </span>
                      ) : null}
                    </span>
                  );
                })}
              </span>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
