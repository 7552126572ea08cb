/**
 * For admins: a property's top 20% guests by spend, as the nightly run ranked them, each with what the ranking rests
 * on (spend over 12 and 36 months, stays and nights, the recency, frequency and spend scores, when last seen) and a
 * link to their card. A group-wide admin picks the property; a property's admin sees their own.
 */
import { useEffect, useState } from 'preact/hooks';
import { properties } from '#shared/config/properties';
import { api } from '../api.ts';
import type { TopGuestsPage } from '#shared/use-cases/value-segments';
import { formatDate, formatMoney } from '../format.ts';
import { t } from '../i18n.ts';
import { staff } from '../session.ts';
import { ErrorMessage, Link, SelectField } from '../ui.tsx';

export function TopGuests() {
  const own = staff.value!.propertyId;
  const [propertyId, setPropertyId] = useState(own === '*' ? properties[0]!.id : own);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [page, setPage] = useState<TopGuestsPage | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    let current = true;
    api.topGuests(propertyId, cursor).then(
      (answer) => {
        if (!current) return;
        setPage(answer);
        setError(undefined);
      },
      (caught) => {
        if (!current) return;
        setPage(undefined);
        setError(caught);
      },
    );
    return () => {
      current = false;
    };
  }, [propertyId, cursor]);

  const choose = (id: string) => {
    setPropertyId(id);
    setCursor(undefined);
  };

  return (
    <section aria-labelledby="top-guests-title">
      <div class="toolbar">
        <h1 id="top-guests-title">{t('deskTopGuests')}</h1>
        {own === '*' ? (
          <SelectField label={t('topGuestsProperty')} value={propertyId} onChange={choose} options={properties.map((p) => ({ value: p.id, label: p.name }))} />
        ) : null}
      </div>
      <p class="hint">{t('topGuestsHint')}</p>
      <ErrorMessage error={error} />
      {!page ? (
        error ? null : (
          <p>{t('loading')}</p>
        )
      ) : !page.run ? (
        <p>{t('topGuestsNone')}</p>
      ) : (
        <>
          <table class="list top-guests">
            <caption>{t('topGuestsCaption', { count: page.run.count, withSpend: page.run.withSpend, date: formatDate(page.run.date) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('topGuestsRank')}</th>
                <th scope="col">{t('topGuestsGuest')}</th>
                <th scope="col">{t('topGuestsSpend12')}</th>
                <th scope="col">{t('topGuestsSpend36')}</th>
                <th scope="col">{t('topGuestsStays')}</th>
                <th scope="col">{t('topGuestsScores')}</th>
                <th scope="col">{t('topGuestsLastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {page.guests.map((guest) => (
                <tr key={guest.guestId}>
                  <td>{guest.rank}</td>
                  <th scope="row">
                    <Link href={`/desk/guests/${encodeURIComponent(guest.guestId)}`}>{guest.salutation}</Link>
                    <br />
                    <span class="hint">{guest.fullName}</span>
                  </th>
                  <td>{formatMoney(guest.last12Months.spend, page.currency)}</td>
                  <td>{formatMoney(guest.last36Months.spend, page.currency)}</td>
                  <td class="stays">{t('topGuestsStaysNights', { stays: guest.last36Months.stays, nights: guest.last36Months.nights })}</td>
                  <td>
                    <abbr title={t('topGuestsScoresLabel', { ...guest.quintiles })}>{t('topGuestsScoresValue', { ...guest.quintiles })}</abbr>
                  </td>
                  <td>{formatDate(guest.lastActiveOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="toolbar">
            {cursor ? (
              <button type="button" class="quiet" onClick={() => setCursor(undefined)}>
                {t('topGuestsFirst')}
              </button>
            ) : null}
            {page.cursor ? (
              <button type="button" onClick={() => setCursor(page.cursor ?? undefined)}>
                {t('topGuestsNext')}
              </button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
