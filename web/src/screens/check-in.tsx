/**
 * Check a guest in. As soon as an email or phone is typed the guest is looked up, so the desk can say "welcome
 * back" before sending; after sending, the card the answer carries. The form is kept in sessionStorage until the
 * check-in is accepted: an error or an expired sign-in loses nothing.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CheckInRequest } from '#shared/http/requests';
import { api, ApiError, type CardView, type CheckInAnswer } from '../api.ts';
import { formatMonth, formatStays } from '../format.ts';
import { t } from '../i18n.ts';
import { newEventId, persistedSignal } from '../persist.ts';
import { staff } from '../session.ts';
import { ErrorMessage, fieldError, Link, Notice, TextField } from '../ui.tsx';
import { GuestCard } from './guest-card.tsx';

interface CheckInForm {
  room: string;
  title: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  birthDate: string;
  language: string;
  marketingConsent: boolean;
  /** The reservation this check-in closes, when it was started from the arrivals list. */
  reservationId?: string;
  /** Set when the check-in is first sent, kept for its retries. */
  eventId: string;
  at: string;
}

const emptyForm: CheckInForm = {
  room: '',
  title: '',
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  birthDate: '',
  language: '',
  marketingConsent: false,
  eventId: '',
  at: '',
};
const form = persistedSignal<CheckInForm>('check-in', emptyForm);

/** Starts a check-in from an arrival: the guest as reserved, and the reservation it closes. */
export function prefillCheckIn(reserved: Pick<CheckInForm, 'title' | 'firstName' | 'lastName' | 'email' | 'phone'> & { reservationId: string }): void {
  form.value = { ...emptyForm, ...reserved };
}

const lookupDelayMs = 400;
const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
const looksLikePhone = (value: string) => (value.match(/\d/g)?.length ?? 0) >= 7 && value.trim().startsWith('+');

/** Only what was filled in: the API refuses empty strings, and an absent field is simply not known. */
function toRequest(values: CheckInForm, propertyId: string): CheckInRequest {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    eventId: values.eventId,
    at: values.at,
    propertyId,
    room: values.room.trim(),
    ...(values.reservationId ? { reservationId: values.reservationId } : {}),
    guest: {
      lastName: values.lastName,
      title: optional(values.title),
      firstName: optional(values.firstName),
      email: optional(values.email),
      phone: optional(values.phone),
      birthDate: optional(values.birthDate),
      language: optional(values.language),
      marketingConsent: values.marketingConsent,
    },
  };
}

export function CheckIn() {
  const [known, setKnown] = useState<{ card: CardView | undefined; looking: boolean; searched: boolean }>({ card: undefined, looking: false, searched: false });
  const [error, setError] = useState<unknown>(undefined);
  const [answer, setAnswer] = useState<{ answer: CheckInAnswer; salutation: string; room: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const values = form.value;
  const update = (patch: Partial<CheckInForm>) => {
    // Other content is another check-in: it gets its own event id when sent.
    form.value = { ...form.value, ...patch, eventId: '', at: '' };
  };

  const email = values.email.trim();
  const phone = values.phone.trim();
  useEffect(() => {
    const query = looksLikeEmail(email) ? { email } : looksLikePhone(phone) ? { phone } : undefined;
    if (!query) {
      setKnown({ card: undefined, looking: false, searched: false });
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      setKnown((previous) => ({ ...previous, looking: true }));
      try {
        const { guests } = await api.searchGuests(query);
        const card = guests[0] ? await api.card(guests[0].guestId) : undefined;
        if (current) setKnown({ card, looking: false, searched: true });
      } catch {
        if (current) setKnown({ card: undefined, looking: false, searched: false });
      }
    }, lookupDelayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [email, phone]);

  if (answer) {
    const card = answer.answer.recognition;
    return (
      <section aria-labelledby="checked-in">
        <Notice>
          <span id="checked-in">{t('checkedIn', { salutation: card?.salutation ?? answer.salutation, room: answer.room })}</span>{' '}
          {card ? null : t('checkedInFirstStay')}
        </Notice>
        {card ? <KnownGuest card={card} /> : null}
        {card ? <GuestCard card={card} onChanged={() => {}} beforeThisStay /> : null}
        <button
          type="button"
          class="primary big"
          onClick={() => {
            setAnswer(undefined);
            form.value = emptyForm;
          }}
        >
          {t('checkInNew')}
        </button>
      </section>
    );
  }

  const err = (field: string) => fieldError(error, field);
  return (
    <div class="check-in">
      <form
        class="form-grid"
        aria-label={t('deskCheckIn')}
        onSubmit={async (event) => {
          event.preventDefault();
          if (!form.value.eventId) form.value = { ...form.value, eventId: newEventId(), at: new Date().toISOString() };
          setBusy(true);
          try {
            const sent = form.value;
            const result = await api.checkIn(toRequest(sent, staff.value!.propertyId));
            setAnswer({ answer: result, salutation: [sent.title, sent.lastName].filter(Boolean).join(' '), room: sent.room });
            setError(undefined);
          } catch (caught) {
            setError(caught);
          }
          setBusy(false);
        }}
      >
        <h1 class="wide">{t('deskCheckIn')}</h1>
        {values.reservationId ? <p class="hint wide">{t('checkInReservation', { reservationId: values.reservationId })}</p> : null}
        <TextField label={t('room')} value={values.room} onInput={(room) => update({ room })} error={err('room')} required maxLength={10} inputMode="numeric" />
        <TextField label={t('title')} value={values.title} onInput={(title) => update({ title })} error={err('guest.title')} maxLength={20} list="titles" />
        <datalist id="titles">
          {['Mr', 'Mrs', 'Ms', 'Dr', 'Khun'].map((title) => (
            <option key={title} value={title} />
          ))}
        </datalist>
        <TextField
          label={t('firstName')}
          value={values.firstName}
          onInput={(firstName) => update({ firstName })}
          error={err('guest.firstName')}
          maxLength={60}
          autoComplete="off"
        />
        <TextField
          label={t('lastName')}
          value={values.lastName}
          onInput={(lastName) => update({ lastName })}
          error={err('guest.lastName')}
          required
          maxLength={60}
          autoComplete="off"
        />
        <TextField
          label={t('email')}
          type="email"
          value={values.email}
          onInput={(email) => update({ email })}
          error={err('guest.email')}
          maxLength={254}
          autoComplete="off"
        />
        <TextField
          label={t('phone')}
          type="tel"
          value={values.phone}
          onInput={(phone) => update({ phone })}
          error={err('guest.phone')}
          hint={t('phoneHint')}
          maxLength={30}
          autoComplete="off"
        />
        <TextField label={t('birthDate')} type="date" value={values.birthDate} onInput={(birthDate) => update({ birthDate })} error={err('guest.birthDate')} />
        <TextField
          label={t('guestLanguage')}
          value={values.language}
          onInput={(language) => update({ language })}
          error={err('guest.language')}
          maxLength={35}
          list="languages"
          placeholder="en, th, zh-Hant"
        />
        <datalist id="languages">
          {['en', 'th', 'zh-Hant', 'zh-Hans', 'ja', 'ko', 'de', 'fr'].map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        <div class={`field check wide${err('guest.marketingConsent') ? ' has-error' : ''}`}>
          <label>
            <input type="checkbox" checked={values.marketingConsent} onChange={(e) => update({ marketingConsent: e.currentTarget.checked })} />{' '}
            {t('marketingConsent')}
          </label>
        </div>
        <ErrorMessage error={error instanceof ApiError && error.status === 401 ? undefined : error} />
        <div class="actions wide">
          <button type="submit" class="primary big" disabled={busy}>
            {t('checkInButton')}
          </button>
        </div>
      </form>
      <aside class="known-guest" aria-live="polite">
        {known.looking ? <p class="hint">{t('lookingUp')}</p> : null}
        {known.card ? <KnownGuest card={known.card} /> : known.searched ? <p class="message">{t('newGuest')}</p> : null}
      </aside>
    </div>
  );
}

function KnownGuest({ card }: { card: CardView }) {
  const lastStay = card.stays.lastStay;
  const stays = formatStays(card.stays.count);
  return (
    <div class="welcome-back">
      <p class="welcome">
        {card.stays.count > 1 || lastStay
          ? lastStay
            ? t('knownGuest', { salutation: card.salutation, stays, month: formatMonth(lastStay.checkedInOn) })
            : t('knownGuestNoDate', { salutation: card.salutation, stays })
          : t('knownGuestFirst', { salutation: card.salutation, stays })}
      </p>
      <p class="full-name">{card.fullName}</p>
      {card.dining.slice(0, 2).map((preference) => (
        <p key={`${preference.outlet}-${preference.mealPeriod}`} class="hint">
          {preference.usualTable.choice} · {preference.usualOrder.choice.map((i) => `${i.quantity} ${i.name}`).join(', ')}
        </p>
      ))}
      {card.notes[0] ? <p class="hint">“{card.notes[0].text}”</p> : null}
      <Link href={`/desk/guests/${encodeURIComponent(card.guestId)}`}>{t('openCard')}</Link>
    </div>
  );
}
