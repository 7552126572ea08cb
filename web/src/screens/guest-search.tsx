/** Find a guest by email, phone or last name (front desk only: the API answers only the desk and admins). */
import { useState } from 'preact/hooks';
import type { GuestSummary } from '#shared/use-cases/recognise';
import { api } from '../api.ts';
import { formatStays } from '../format.ts';
import { t } from '../i18n.ts';
import { persistedSignal } from '../persist.ts';
import { searchTermOf } from '../search-term.ts';
import { ErrorMessage, fieldError, Link, TextField } from '../ui.tsx';

const query = persistedSignal('guest-search', '');

export function GuestSearch() {
  const [results, setResults] = useState<GuestSummary[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const value = query.value.trim();
  const term = searchTermOf(value);
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{t('deskSearch')}</h1>
      <form
        class="toolbar"
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            setResults((await api.searchGuests({ [term]: value } as Record<typeof term, string>)).guests);
            setError(undefined);
          } catch (caught) {
            setError(caught);
          }
        }}
      >
        <TextField
          label={t('searchBy')}
          value={query.value}
          onInput={(v) => (query.value = v)}
          error={fieldError(error, `query.${term}`) ?? fieldError(error, 'query.email')}
          autoComplete="off"
          wide
        />
        <button type="submit" class="primary">
          {t('searchButton')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {results && results.length === 0 ? <p class="message">{t('searchNone')}</p> : null}
      <ul class="results">
        {(results ?? []).map((guest) => (
          <li key={guest.guestId}>
            <Link href={`/desk/guests/${encodeURIComponent(guest.guestId)}`} class="tile">
              <strong>{guest.salutation}</strong>
              <span>
                {guest.fullName} · {formatStays(guest.stays)}
                {guest.inHouse ? ` · ${t('inRoom', { room: guest.inHouse.room })}` : ''}
              </span>
              <span class="hint">{[guest.email, guest.phone].filter(Boolean).join(' · ')}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
