/**
 * For admins: why lapsed guests left (the Haier case), the answers to the "we miss you" email's question counted per
 * reason and month for one property. A group-wide admin picks the property; a property's admin sees their own.
 */
import { useEffect, useState } from 'preact/hooks';
import { properties, findProperty } from '#shared/config/properties';
import { absenceReasons } from '#shared/domain/absence-survey';
import { toLocalDate } from '#shared/domain/dates';
import { api, type LapsedReasonsView } from '../api.ts';
import { formatMonth } from '../format.ts';
import { t, tOr } from '../i18n.ts';
import { staff } from '../session.ts';
import { ErrorMessage, SelectField, TextField } from '../ui.tsx';

/** `YYYY-MM`, `months` before the month of `month` (negative: after). */
function shiftMonth(month: string, months: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const shifted = new Date(Date.UTC(year, number - 1 - months, 1));
  return shifted.toISOString().slice(0, 7);
}

export function LapsedReasons() {
  const own = staff.value!.propertyId;
  const [propertyId, setPropertyId] = useState(own === '*' ? properties[0]!.id : own);
  const thisMonth = toLocalDate(new Date(), findProperty(propertyId)?.timeZone ?? 'UTC').slice(0, 7);
  const [from, setFrom] = useState(() => shiftMonth(thisMonth, 11));
  const [to, setTo] = useState(thisMonth);
  const [summary, setSummary] = useState<LapsedReasonsView | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(from) || !/^\d{4}-\d{2}$/.test(to)) return;
    let current = true;
    api.lapsedReasons({ propertyId, from, to }).then(
      (answer) => {
        if (!current) return;
        setSummary(answer);
        setError(undefined);
      },
      (caught) => {
        if (!current) return;
        setSummary(undefined);
        setError(caught);
      },
    );
    return () => {
      current = false;
    };
  }, [propertyId, from, to]);

  return (
    <section aria-labelledby="lapsed-title">
      <div class="toolbar">
        <h1 id="lapsed-title">{t('deskLapsedReasons')}</h1>
        {own === '*' ? (
          <SelectField
            label={t('lapsedProperty')}
            value={propertyId}
            onChange={setPropertyId}
            options={properties.map((p) => ({ value: p.id, label: p.name }))}
          />
        ) : null}
        <TextField label={t('lapsedFrom')} type="month" value={from} onInput={setFrom} required />
        <TextField label={t('lapsedTo')} type="month" value={to} onInput={setTo} required />
      </div>
      <p class="hint">{t('lapsedHint')}</p>
      <ErrorMessage error={error} />
      {summary ? (
        <table class="list lapsed-reasons">
          <caption>{t('lapsedCaption', { answers: summary.total.answers })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('lapsedMonth')}</th>
              {absenceReasons.map((reason) => (
                <th scope="col" key={reason}>
                  {tOr(`absenceReason_${reason}`, reason)}
                </th>
              ))}
              <th scope="col">{t('lapsedAnswers')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.months.map((month) => (
              <tr key={month.month}>
                <th scope="row">{formatMonth(`${month.month}-01`)}</th>
                {absenceReasons.map((reason) => (
                  <td key={reason}>{month.reasons[reason]}</td>
                ))}
                <td>{month.answers}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('lapsedTotal')}</th>
              {absenceReasons.map((reason) => (
                <td key={reason}>{summary.total.reasons[reason]}</td>
              ))}
              <td>{summary.total.answers}</td>
            </tr>
          </tfoot>
        </table>
      ) : error ? null : (
        <p>{t('loading')}</p>
      )}
    </section>
  );
}
