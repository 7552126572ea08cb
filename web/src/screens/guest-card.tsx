/** The recognition card as the front desk reads it: who, stays, the usual per outlet, notes, history, contact. */
import { useEffect, useId, useState } from 'preact/hooks';
import type { DiningPreference } from '#shared/domain/recognition-card';
import type { OrderedItem } from '#shared/events/guest-events';
import { findProperty } from '#shared/config/properties';
import { api, type CardView } from '../api.ts';
import { formatDate, formatEvidence, formatInstant, formatItems, formatStays } from '../format.ts';
import { locale, t, tOr } from '../i18n.ts';
import { staff } from '../session.ts';
import { ErrorMessage } from '../ui.tsx';
import { allergenName, DietaryNeedsAlert, DietaryNeedsForm, dietName } from './dietary-needs.tsx';
import { CorrectionForm } from './correction-form.tsx';
import { TagsList, TagToggles, tagName } from './guest-tags.tsx';
import { NoteChanges } from './note-changes.tsx';
import { NoteForm } from './note-form.tsx';

export function outletName(propertyId: string, outletId: string): string {
  return findProperty(propertyId)?.outlets.find((o) => o.id === outletId)?.name ?? outletId;
}

export function mealPeriodName(mealPeriod: string): string {
  return tOr(`mealPeriod_${mealPeriod}`, mealPeriod);
}

/** The usual table and order of one outlet and meal period, with the evidence for each. */
export function DiningPreferenceView({ preference, showOutlet = true }: { preference: DiningPreference; showOutlet?: boolean }) {
  const { usualTable, usualOrder } = preference;
  return (
    <div class="preference">
      <h4>
        {showOutlet ? `${outletName(preference.propertyId, preference.outlet)} · ` : ''}
        {mealPeriodName(preference.mealPeriod)}
      </h4>
      <dl class="usual">
        <dt>{t('cardUsualTable')}</dt>
        <dd>
          <strong class="usual-table">{usualTable.choice}</strong>
          <small>{formatEvidence(usualTable)}</small>
        </dd>
        <dt>{t('cardUsualOrder')}</dt>
        <dd>
          <strong class="usual-order">{formatItems(usualOrder.choice)}</strong>
          <small>{formatEvidence(usualOrder)}</small>
        </dd>
      </dl>
    </div>
  );
}

export function CardHeader({ card, beforeThisStay = false }: { card: CardView; beforeThisStay?: boolean }) {
  return (
    <div class="card-header">
      <h2 class="salutation">{card.salutation}</h2>
      <p class="full-name">{card.fullName}</p>
      {beforeThisStay ? (
        <p class="hint">{t('cardBeforeThisStay')}</p>
      ) : (
        <p class="badges">
          <span class={`badge ${card.status}`}>{tOr(`cardStatus_${card.status}`, card.status)}</span>
          <span class="badge">{formatStays(card.stays.count)}</span>
          {card.inHouse ? (
            <span class="badge in-house">{t('cardInHouse', { room: card.inHouse.room, date: formatDate(card.inHouse.since) })}</span>
          ) : (
            <span class="badge">{t('cardNotInHouse')}</span>
          )}
          {card.birthdayToday ? <span class="badge birthday">{t('cardBirthday')}</span> : null}
        </p>
      )}
    </div>
  );
}

export function NotesList({ card, onChanged }: { card: CardView; onChanged: () => void }) {
  const timeZone = findProperty(staff.value?.propertyId ?? '')?.timeZone ?? 'UTC';
  return card.notes.length === 0 ? (
    <p class="hint">{t('cardNoNotes')}</p>
  ) : (
    <ul class="notes">
      {card.notes.map((note) => (
        <li key={note.noteId}>
          <span class="badge">{tOr(`category_${note.category}`, note.category)}</span> {note.text} <small>{formatInstant(note.at, timeZone)}</small>
          {note.editedAt ? (
            <small> ({t('noteEdited', { role: tOr(`role_${note.editedByRole}`, note.editedByRole ?? ''), at: formatInstant(note.editedAt, timeZone) })})</small>
          ) : null}{' '}
          <NoteChanges key={`${note.noteId}-${note.editedAt ?? ''}`} guestId={card.guestId} note={note} onChanged={onChanged} />
        </li>
      ))}
    </ul>
  );
}

/** The whole card, for the front desk. */
export function GuestCard({ card, onChanged, beforeThisStay = false }: { card: CardView; onChanged: () => void; beforeThisStay?: boolean }) {
  return (
    <article class="guest-card">
      <CardHeader card={card} beforeThisStay={beforeThisStay} />
      <DietaryNeedsAlert needs={card.dietaryNeeds} />
      <TagsList tags={card.tags} />
      <TagToggles guestId={card.guestId} tags={card.tags} onChanged={onChanged} />
      <div class="card-columns">
        <section>
          <h3>{t('cardStays')}</h3>
          <p>
            {card.stays.firstStayOn ? t('cardFirstStay', { date: formatDate(card.stays.firstStayOn) }) : null}
            {card.stays.lastStay ? (
              <>
                <br />
                {t('cardLastStay', { from: formatDate(card.stays.lastStay.checkedInOn), to: formatDate(card.stays.lastStay.departedOn) })}
              </>
            ) : null}
          </p>
          <GuestValueView card={card} />
          <h3>{t('cardDining')}</h3>
          {card.dining.length === 0 ? (
            <p class="hint">{t('cardNoDining')}</p>
          ) : (
            card.dining.map((preference) => <DiningPreferenceView key={`${preference.outlet}-${preference.mealPeriod}`} preference={preference} />)
          )}
          {card.contact ? (
            <>
              <h3>{t('cardContact')}</h3>
              <dl class="contact">
                <dt>{t('email')}</dt>
                <dd>{card.contact.email ?? t('none')}</dd>
                <dt>{t('phone')}</dt>
                <dd>{card.contact.phone ?? t('none')}</dd>
                <dt>{t('guestLanguage')}</dt>
                <dd>{card.contact.language ?? t('none')}</dd>
                <dt>{t('birthDate')}</dt>
                <dd>{card.contact.birthDate ?? t('none')}</dd>
                <dt>{t('cardConsent')}</dt>
                <dd>{card.contact.marketingConsent ? t('cardConsentYes') : t('cardConsentNo')}</dd>
              </dl>
              <CorrectionForm key={card.guestId} guestId={card.guestId} contact={card.contact} onSaved={onChanged} />
            </>
          ) : null}
        </section>
        <section>
          <AbsenceAnswerView card={card} />
          <h3>{t('cardNotes')}</h3>
          <NotesList card={card} onChanged={onChanged} />
          <NoteForm guestId={card.guestId} onSaved={onChanged} />
          <DietaryNeedsForm key={card.guestId} guestId={card.guestId} needs={card.dietaryNeeds} onSaved={onChanged} />
          {/* Read again whenever the card shows a change (a correction, a note, allergies): the history has it too. */}
          <VisitHistory key={JSON.stringify([card.fullName, card.contact, card.dietaryNeeds, card.tags, card.notes])} guestId={card.guestId} />
        </section>
      </div>
    </article>
  );
}

/** Stays, nights and spend at this desk's property over 12 and 36 months (the 80/20 case); the API shows it to the desk and admins only. */
function GuestValueView({ card }: { card: CardView }) {
  const values = card.value ?? [];
  if (values.length === 0) return null;
  return (
    <>
      <h3>{t('cardValue')}</h3>
      {values.map((value) => {
        const money = new Intl.NumberFormat(locale(), { style: 'currency', currency: value.currency, maximumFractionDigits: 0 });
        const line = (months: number, figures: typeof value.last12Months) =>
          t('cardValueWindow', { months, stays: figures.stays, nights: figures.nights, spend: money.format(figures.spend) });
        return (
          <p key={value.propertyId} class="guest-value">
            {values.length > 1 ? <strong>{findProperty(value.propertyId)?.name ?? value.propertyId}: </strong> : null}
            {line(12, value.last12Months)}
            <br />
            {line(36, value.last36Months)}
          </p>
        );
      })}
    </>
  );
}

/** "Told us in March 2027: stayed elsewhere — “closer to the office”": the latest answer to the "we miss you" email's question. */
function AbsenceAnswerView({ card }: { card: CardView }) {
  const answer = card.absenceAnswer;
  if (!answer) return null;
  const timeZone = findProperty(answer.propertyId)?.timeZone ?? 'UTC';
  const month = new Date(answer.at).toLocaleDateString(locale(), { month: 'long', year: 'numeric', timeZone });
  return (
    <>
      <h3>{t('cardAbsence')}</h3>
      <p class="absence-answer">
        {t('cardAbsenceAnswer', { month, reason: tOr(`absenceReason_${answer.reason}`, answer.reason) })}
        {answer.text ? (
          <>
            {' — '}
            <q>{answer.text}</q>
          </>
        ) : null}
      </p>
    </>
  );
}

type Visit = {
  kind: string;
  at: string;
  propertyId?: string;
  room?: string;
  outlet?: string;
  mealPeriod?: string;
  table?: string;
  items?: OrderedItem[];
  category?: string;
  text?: string;
  allergies?: string[];
  diets?: string[];
  changes?: Record<string, unknown>;
  author?: { role: string };
  tag?: string;
  set?: boolean;
  action?: string;
};

function VisitHistory({ guestId }: { guestId: string }) {
  const [visits, setVisits] = useState<Visit[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const headingId = useId();
  const load = async (from?: string) => {
    try {
      const page = await api.visits(guestId, from);
      setVisits((previous) => [...(from ? previous : []), ...(page.visits as Visit[])]);
      setCursor(page.cursor);
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
    setLoaded(true);
  };
  useEffect(() => {
    void load();
  }, [guestId]);
  const timeZone = findProperty(staff.value?.propertyId ?? '')?.timeZone ?? 'UTC';
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{t('cardHistory')}</h3>
      <ErrorMessage error={error} />
      {loaded && visits.length === 0 ? <p class="hint">{t('cardHistoryEmpty')}</p> : null}
      <ol class="history">
        {visits.map((visit, index) => (
          <li key={index}>
            <small>{formatInstant(visit.at, timeZone)}</small> {describeVisit(visit)}
          </li>
        ))}
      </ol>
      {cursor ? (
        <button type="button" onClick={() => void load(cursor)}>
          {t('cardHistoryMore')}
        </button>
      ) : null}
    </section>
  );
}

/** The fields a correction may name, in the form's order (the stored event keeps no order). */
const correctedFields = ['title', 'firstName', 'lastName', 'email', 'phone', 'language', 'birthDate', 'marketingConsent'];

function describeVisit(visit: Visit): string {
  switch (visit.kind) {
    case 'stay':
      return t('visit_stay', { room: visit.room ?? '' });
    case 'departure':
      return t('visit_departure', { room: visit.room ?? '' });
    case 'dining':
      return t('visit_dining', {
        outlet: outletName(visit.propertyId ?? '', visit.outlet ?? ''),
        mealPeriod: mealPeriodName(visit.mealPeriod ?? ''),
        table: visit.table ?? '',
        items: formatItems(visit.items ?? []),
      });
    case 'note': {
      // The whole note: the card keeps only the newest ones, so an older note is read here.
      const category = tOr(`category_${visit.category}`, visit.category ?? '');
      return visit.text ? t('visit_noteText', { category, text: visit.text }) : t('visit_note', { category });
    }
    case 'note-change': {
      const role = tOr(`role_${visit.author?.role}`, visit.author?.role ?? '');
      if (visit.action === 'delete') return t('visit_noteDeleted', { role });
      return visit.text ? t('visit_noteEditedText', { role, text: visit.text }) : t('visit_noteEdited', { role });
    }
    case 'tag':
      return t('visit_tag', {
        tag: tagName(visit.tag ?? ''),
        action: visit.set ? t('visit_tagSet') : t('visit_tagRemoved'),
        role: tOr(`role_${visit.author?.role}`, visit.author?.role ?? ''),
      });
    case 'correction':
      return t('visit_correction', {
        role: tOr(`role_${visit.author?.role}`, visit.author?.role ?? ''),
        fields: correctedFields
          .filter((field) => field in (visit.changes ?? {}))
          .map((field) => (field === 'marketingConsent' ? t('cardConsent') : field === 'language' ? t('guestLanguage') : tOr(field, field)))
          .join(', '),
      });
    case 'merge':
    case 'unmerge':
      return t(visit.kind === 'merge' ? 'visit_merge' : 'visit_unmerge', { role: tOr(`role_${visit.author?.role}`, visit.author?.role ?? '') });
    case 'dietary': {
      const stated = [...(visit.allergies ?? []).map(allergenName), ...(visit.diets ?? []).map(dietName)];
      return `${t('visit_dietary')}: ${stated.length ? stated.join(', ') : t('none')}`;
    }
    default:
      return visit.kind;
  }
}
