/** The front desk terminal: check in, in-house list and departures, arrivals, guest search, the card, tonight's names. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { path } from '../router.ts';
import { Link, TopBar } from '../ui.tsx';
import { CheckIn } from './check-in.tsx';
import { InHouseList } from './in-house.tsx';
import { GuestSearch } from './guest-search.tsx';
import { GuestCard } from './guest-card.tsx';
import { NamesSheet } from './names-sheet.tsx';
import { Arrivals } from './arrivals.tsx';
import { LapsedReasons } from './lapsed-reasons.tsx';
import { PossibleDuplicates } from './duplicates.tsx';
import { TopGuests } from './top-guests.tsx';
import { staff } from '../session.ts';
import { api, type CardView } from '../api.ts';
import { ErrorMessage } from '../ui.tsx';

const tabs = [
  { href: '/desk/check-in', label: 'deskCheckIn' },
  { href: '/desk/in-house', label: 'deskInHouse' },
  { href: '/desk/arrivals', label: 'deskArrivals' },
  { href: '/desk/search', label: 'deskSearch' },
  { href: '/desk/names', label: 'deskNames' },
  // Why lapsed guests left: for admins only (the API answers no one else).
  { href: '/desk/lapsed-reasons', label: 'deskLapsedReasons', adminOnly: true },
  // Merging two profiles changes what every terminal shows: admins only, as the API allows.
  { href: '/desk/duplicates', label: 'deskDuplicates', adminOnly: true },
  // The property's top 20% by spend, with the figures they rest on: for admins only, like the reasons.
  { href: '/desk/top-guests', label: 'deskTopGuests', adminOnly: true },
] as const;

export function Desk() {
  const current = path.value;
  const guestMatch = /^\/desk\/guests\/([^/]+)$/.exec(current);
  return (
    <>
      <TopBar title={t('terminal_desk')}>
        {tabs
          .filter((tab) => !('adminOnly' in tab) || staff.value?.role === 'admin')
          .map((tab) => (
            <Link key={tab.href} href={tab.href} class={`tab${current === tab.href ? ' current' : ''}`}>
              <span aria-current={current === tab.href ? 'page' : undefined}>{t(tab.label)}</span>
            </Link>
          ))}
      </TopBar>
      <main id="main" class="page">
        {guestMatch ? (
          <GuestCardPage guestId={decodeURIComponent(guestMatch[1]!)} />
        ) : current === '/desk/in-house' ? (
          <InHouseList />
        ) : current === '/desk/arrivals' ? (
          <Arrivals />
        ) : current === '/desk/search' ? (
          <GuestSearch />
        ) : current === '/desk/names' ? (
          <NamesSheet />
        ) : current === '/desk/lapsed-reasons' ? (
          <LapsedReasons />
        ) : current === '/desk/duplicates' ? (
          <PossibleDuplicates />
        ) : current === '/desk/top-guests' ? (
          <TopGuests />
        ) : (
          <CheckIn />
        )}
      </main>
    </>
  );
}

function GuestCardPage({ guestId }: { guestId: string }) {
  const [card, setCard] = useState<CardView | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const load = () =>
    api.card(guestId).then((loaded) => {
      setCard(loaded);
      setError(undefined);
    }, setError);
  useEffect(() => {
    void load();
  }, [guestId]);
  return (
    <>
      <ErrorMessage error={error} />
      {card ? <GuestCard card={card} onChanged={() => void load()} /> : error ? null : <p>{t('loading')}</p>}
    </>
  );
}
