/**
 * Arrivals, on the restaurant terminal of one outlet: "Mr. Yu, room 1203, is coming down", newest first, as the floor
 * sends them over the live channel. Opening one shows his usual here and greets him below; "Seated" clears it on
 * this terminal; a notice nobody cleared fades after 30 minutes. The panel says plainly when it is not live.
 */
import { useEffect, useState } from 'preact/hooks';
import type { OutletConfig } from '#shared/config/properties';
import { addArrival, currentArrivals, hasFaded, minutesSince, type Arrival } from '../arrivals.ts';
import { api, type CardView } from '../api.ts';
import { formatItems } from '../format.ts';
import { t } from '../i18n.ts';
import { openLiveChannel, type LiveChannel } from '../live.ts';
import { persistedSignal } from '../persist.ts';
import { config } from '../session.ts';

/** Per outlet, kept for the tab's life: a reload or a new sign-in does not lose who is on the way down. */
const kept = persistedSignal<Record<string, { arrivals: Arrival[]; acknowledged: string[] }>>('arrivals', {});

function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function ArrivalsPanel(props: { outlet: OutletConfig; propertyId: string; greeting: string | undefined; onOpen: (guestId: string) => void }) {
  const { outlet, propertyId, onOpen } = props;
  const liveUrl = config.value?.live?.url;
  const [channel, setChannel] = useState<LiveChannel | undefined>(undefined);
  const [openId, setOpenId] = useState<string | undefined>(undefined);
  const now = useMinuteClock();
  const key = `${propertyId}/${outlet.id}`;
  const keptHere = () => kept.value[key] ?? { arrivals: [], acknowledged: [] };
  const mine = keptHere();
  const update = (change: (current: typeof mine) => typeof mine) => (kept.value = { ...kept.value, [key]: change(keptHere()) });

  useEffect(() => {
    if (!liveUrl) return;
    const opened = openLiveChannel({
      url: liveUrl,
      propertyId,
      outlet: outlet.id,
      onArrival: (arrival) => {
        if (arrival.propertyId !== propertyId || arrival.outlet !== outlet.id) return;
        update((current) => {
          // Forget what has faded, so the tab's storage holds one shift at most.
          const live = current.arrivals.filter((a) => !hasFaded(a, new Date()));
          return { arrivals: addArrival(live, arrival), acknowledged: current.acknowledged.filter((id) => live.some((a) => a.noticeId === id)) };
        });
      },
    });
    setChannel(opened);
    return () => opened.close();
  }, [liveUrl, propertyId, outlet.id]);

  const status = channel?.status.value ?? 'offline';
  const shown = currentArrivals(mine.arrivals, mine.acknowledged, now);
  return (
    <section class="arrivals" aria-labelledby="arrivals-title">
      <div class="arrivals-head">
        <h2 id="arrivals-title">{t('arrivalsTitle')}</h2>
        <span class={`live-status ${status}`} role="status">
          <span aria-hidden="true" class="live-dot" />
          {status === 'live' ? t('liveOn') : status === 'connecting' ? t('liveConnecting') : t('liveOffline')}
        </span>
        {shown.length === 0 ? <span class="hint">{t('arrivalsNone')}</span> : null}
      </div>
      {shown.length ? (
        <ul class="arrival-list">
          {shown.map((arrival) => {
            // Open while the guest pane greets this guest; choosing someone else closes it.
            const open = openId === arrival.noticeId && props.greeting === arrival.guestId;
            const minutes = minutesSince(arrival, now);
            return (
              <li key={arrival.noticeId} class={`arrival${open ? ' open' : ''}`}>
                <button
                  type="button"
                  class="arrival-open"
                  aria-expanded={open}
                  onClick={() => {
                    setOpenId(open ? undefined : arrival.noticeId);
                    if (!open) onOpen(arrival.guestId);
                  }}
                >
                  <strong>{t('arrivalComingDown', { salutation: arrival.salutation, room: arrival.room })}</strong>
                  <span class="arrival-age">{minutes === 0 ? t('arrivalJustNow') : t('arrivalMinutesAgo', { minutes })}</span>
                </button>
                <button
                  type="button"
                  class="seated"
                  aria-label={t('arrivalSeatedLabel', { salutation: arrival.salutation, room: arrival.room })}
                  onClick={() => update((current) => ({ ...current, acknowledged: [...current.acknowledged, arrival.noticeId] }))}
                >
                  {t('arrivalSeated')}
                </button>
                {open ? <ArrivalUsual arrival={arrival} outlet={outlet} propertyId={propertyId} /> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

/** His card for this outlet, now: the usual table and order, in one line the host reads at a glance. */
function ArrivalUsual({ arrival, outlet, propertyId }: { arrival: Arrival; outlet: OutletConfig; propertyId: string }) {
  const [card, setCard] = useState<CardView | null | undefined>(undefined);
  useEffect(() => {
    api.card(arrival.guestId, { outlet: outlet.id, propertyId }).then(setCard, () => setCard(null));
  }, [arrival.guestId, outlet.id]);
  if (card === undefined) return <p class="arrival-usual hint">{t('loading')}</p>;
  const usual = card?.dining.find((d) => d.outlet === outlet.id && d.mealPeriod === card.mealPeriod);
  if (!usual) return <p class="arrival-usual hint">{card ? t('noUsual') : t('errorGeneric')}</p>;
  return <p class="arrival-usual">{t('arrivalUsual', { table: usual.usualTable.choice, items: formatItems(usual.usualOrder.choice) })}</p>;
}
