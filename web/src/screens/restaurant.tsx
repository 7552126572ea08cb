/**
 * The restaurant terminal, per outlet: find the guest in front of you (room, a name among those in house, a notice
 * from the floor, or a walk-in's name and contact), greet them with the usual table and order for this meal period,
 * record the meal in a tap or two, add a note. The restaurant never shows an email or a phone number: a walk-in's
 * contact is typed once, to recognise them, and not displayed again.
 */
import { computed } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { findProperty, type OutletConfig } from '#shared/config/properties';
import type { DiningPreference } from '#shared/domain/recognition-card';
import { findAllergenWarnings, type Allergen } from '#shared/domain/dietary-needs';
import type { OrderedItem } from '#shared/events/guest-events';
import type { InHouseGuest } from '#shared/ports';
import { api, ApiError, type CardView } from '../api.ts';
import { formatDate, formatEvidence, formatItems, formatStays } from '../format.ts';
import { t } from '../i18n.ts';
import { newEventId, persistedSignal } from '../persist.ts';
import { navigate, path } from '../router.ts';
import { staff } from '../session.ts';
import { ErrorMessage, fieldError, Link, Notice, TextField, TopBar } from '../ui.tsx';
import { mealPeriodName, NotesList } from './guest-card.tsx';
import { allergenName, AllergenWarnings, DietaryNeedsAlert, DietaryNeedsForm } from './dietary-needs.tsx';
import { TagsList, TagToggles } from './guest-tags.tsx';
import { NoteForm } from './note-form.tsx';
import { ArrivalsPanel } from './arrivals-panel.tsx';
import { hasNameContaining } from './in-house.tsx';
import { dinerOf, emptyWalkIn, walkIn, WalkInForm, walkInSalutation, type Diner } from './walk-in.tsx';

const property = computed(() => findProperty(staff.value?.propertyId ?? ''));

export function Restaurant() {
  const outlets = property.value?.outlets ?? [];
  const outletId = /^\/restaurant\/([^/]+)/.exec(path.value)?.[1];
  const outlet = outlets.find((o) => o.id === outletId);
  useEffect(() => {
    if (!outlet && outlets.length === 1) navigate(`/restaurant/${outlets[0]!.id}`, { replace: true });
  }, [outlet, outlets.length]);
  if (!outlet) {
    return (
      <>
        <TopBar title={t('terminal_restaurant')} />
        <main id="main" class="page">
          <h1>{t('outletChoose')}</h1>
          <ul class="tiles">
            {outlets.map((o) => (
              <li key={o.id}>
                <Link href={`/restaurant/${o.id}`} class="tile">
                  <strong>{o.name}</strong>
                </Link>
              </li>
            ))}
          </ul>
        </main>
      </>
    );
  }
  return <OutletTerminal outlet={outlet} />;
}

interface Selection {
  guestId: string;
  /** The meal period the host is serving; the current one unless chosen. */
  mealPeriod: string;
}
interface MealDraft {
  guestId: string;
  table: string;
  items: OrderedItem[];
  partySize: number;
  eventId: string;
  at: string;
}

const selection = persistedSignal<Selection | null>('restaurant-guest', null);
const emptyDraft = (guestId: string): MealDraft => ({ guestId, table: '', items: [], partySize: 1, eventId: '', at: '' });
const draft = persistedSignal<MealDraft>('restaurant-meal', emptyDraft(''));

function OutletTerminal({ outlet }: { outlet: OutletConfig }) {
  const propertyId = staff.value!.propertyId;
  const [cards, setCards] = useState<{ now: CardView; all: CardView } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [recorded, setRecorded] = useState<string | undefined>(undefined);
  const selected = selection.value;
  // Which guest and outlet the cards were last asked for: choosing a guest loads at once, and the selection that the
  // load then sets must not load them again.
  const requested = useRef('');

  const loadCards = async (guestId: string) => {
    requested.current = `${guestId}/${outlet.id}`;
    try {
      const [now, all] = await Promise.all([api.card(guestId, { outlet: outlet.id, propertyId }), api.card(guestId, { propertyId })]);
      setCards({ now, all });
      setError(undefined);
      if (!selection.value || selection.value.guestId !== guestId) selection.value = { guestId, mealPeriod: now.mealPeriod ?? outlet.mealPeriods[0]!.name };
    } catch (caught) {
      setError(caught);
    }
  };
  /**
   * After a meal is recorded: the recorder applies it a moment after the API's 202, so the cards are read again until
   * their dining shows it (a few tries), rather than showing the count from before.
   */
  const loadCardsAfterMeal = async (guestId: string) => {
    const before = JSON.stringify(cards?.all.dining);
    for (let attempt = 0; attempt < 10; attempt++) {
      const all = await api.card(guestId, { propertyId }).catch(() => undefined);
      if (all && JSON.stringify(all.dining) !== before) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await loadCards(guestId);
  };
  useEffect(() => {
    if (selected && requested.current !== `${selected.guestId}/${outlet.id}`) void loadCards(selected.guestId);
  }, [selected?.guestId, outlet.id]);

  const choose = (guestId: string, { asWalkIn = false } = {}) => {
    setRecorded(undefined);
    setCards(undefined);
    if (!asWalkIn) walkIn.value = null;
    selection.value = null;
    if (draft.value.guestId !== guestId) draft.value = emptyDraft(guestId);
    void loadCards(guestId);
  };
  const startWalkIn = () => {
    setRecorded(undefined);
    setCards(undefined);
    setError(undefined);
    selection.value = null;
    walkIn.value = emptyWalkIn();
  };
  const walking = walkIn.value;

  return (
    <>
      <TopBar title={`${t('terminal_restaurant')} · ${outlet.name}`} />
      <main id="main" class="restaurant">
        <FindGuest propertyId={propertyId} onFound={choose} onWalkIn={startWalkIn} walkInOpen={walking?.stage === 'form'} />
        <ArrivalsPanel outlet={outlet} propertyId={propertyId} greeting={walking ? undefined : selected?.guestId} onOpen={choose} />
        <div class="guest-pane">
          <ErrorMessage error={error instanceof ApiError && error.status === 404 ? undefined : error} />
          {recorded ? <Notice>{recorded}</Notice> : null}
          {walking?.stage === 'form' ? (
            <WalkInForm
              outlet={outlet}
              propertyId={propertyId}
              onKnown={(guestId) => choose(guestId, { asWalkIn: true })}
              onFirstVisit={() => {
                if (draft.value.guestId !== walkInKey) draft.value = emptyDraft(walkInKey);
              }}
              onCancel={() => (walkIn.value = null)}
            />
          ) : walking?.stage === 'first-visit' ? (
            <FirstVisit
              outlet={outlet}
              salutation={walkInSalutation(walking)}
              diner={dinerOf(walking)}
              onRecorded={async (salutation) => {
                walkIn.value = null;
                setRecorded(t('mealRecorded', { salutation }));
              }}
            />
          ) : selected && cards ? (
            <Greeting
              outlet={outlet}
              cards={cards}
              diner={walking?.stage === 'known' ? dinerOf(walking) : undefined}
              mealPeriod={selected.mealPeriod}
              onMealPeriod={(mealPeriod) => (selection.value = { ...selected, mealPeriod })}
              onRecorded={async (salutation) => {
                walkIn.value = null;
                setRecorded(t('mealRecorded', { salutation }));
                await loadCardsAfterMeal(selected.guestId);
              }}
              onChanged={() => void loadCards(selected.guestId)}
            />
          ) : null}
        </div>
      </main>
    </>
  );
}

function FindGuest({
  propertyId,
  onFound,
  onWalkIn,
  walkInOpen,
}: {
  propertyId: string;
  onFound: (guestId: string) => void;
  onWalkIn: () => void;
  walkInOpen: boolean;
}) {
  const [room, setRoom] = useState('');
  const [name, setName] = useState('');
  const [inHouse, setInHouse] = useState<InHouseGuest[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const listId = useId();
  useEffect(() => {
    api.inHouse(propertyId).then(
      (answer) => setInHouse(answer.guests),
      () => setInHouse([]),
    );
  }, [propertyId]);
  const needle = name.trim().toLowerCase();
  const matches = needle ? inHouse.filter((g) => hasNameContaining(g, needle)).slice(0, 6) : [];
  return (
    <aside class="find" aria-label={t('findButton')}>
      <form
        class="find-room"
        onSubmit={async (event) => {
          event.preventDefault();
          const wanted = room.trim();
          if (!wanted) return;
          try {
            const card = await api.roomCard(propertyId, wanted);
            setError(undefined);
            setRoom('');
            onFound(card.guestId);
          } catch (caught) {
            setError(
              caught instanceof ApiError && caught.status === 404
                ? t('findNobody', { room: wanted })
                : caught instanceof ApiError && caught.status === 401
                  ? undefined
                  : (fieldError(caught, 'room') ?? t('errorGeneric')),
            );
          }
        }}
      >
        <TextField
          label={t('findByRoom')}
          value={room}
          onInput={setRoom}
          error={error}
          inputMode="numeric"
          autoComplete="off"
          maxLength={10}
          class="big-input"
        />
        <button type="submit" class="primary big">
          {t('findButton')}
        </button>
      </form>
      <div class="find-name">
        <TextField label={t('findByName')} placeholder={t('findByNameHint')} value={name} onInput={setName} autoComplete="off" aria-controls={listId} />
        <ul id={listId} class="matches" aria-live="polite">
          {matches.map((guest) => (
            <li key={guest.room}>
              <button
                type="button"
                onClick={() => {
                  setName('');
                  onFound(guest.guestId);
                }}
              >
                <strong>{guest.salutation}</strong> <span>{t('inRoom', { room: guest.room })}</span>
              </button>
            </li>
          ))}
        </ul>
        {needle && matches.length === 0 ? <p class="hint">{t('noMatch')}</p> : null}
      </div>
      <button type="button" class="big walk-in-button" aria-pressed={walkInOpen} onClick={onWalkIn}>
        {t('walkInButton')}
      </button>
    </aside>
  );
}

function Greeting(props: {
  outlet: OutletConfig;
  cards: { now: CardView; all: CardView };
  /** A walk-in's name and contact: the meal names the diner by them, as the API recognises them next time. */
  diner: Diner | undefined;
  mealPeriod: string;
  onMealPeriod: (mealPeriod: string) => void;
  onRecorded: (salutation: string) => Promise<void>;
  onChanged: () => void;
}) {
  const { outlet, cards, mealPeriod } = props;
  const card = cards.all;
  const current = cards.now.mealPeriod;
  const here = card.dining.filter((d) => d.outlet === outlet.id);
  const preference = here.find((d) => d.mealPeriod === mealPeriod);
  // The current meal period first, then the others in the day's order.
  const periods = outlet.mealPeriods.map((m) => m.name).sort((a, b) => (a === current ? -1 : b === current ? 1 : 0));
  const others = here.filter((d) => d.mealPeriod !== mealPeriod);
  return (
    <article class="greeting" aria-labelledby="guest-salutation">
      <GreetingHeader salutation={card.salutation}>
        {card.inHouse ? (
          <span class="room-badge">
            {t('room')} {card.inHouse.room}
          </span>
        ) : null}
        <span>{card.fullName}</span>
        {card.status === 'walk-in' ? <span class="badge returning">{t('cardStatus_walk-in')}</span> : <span>{formatStays(card.stays.count)}</span>}
        {card.birthdayToday ? <span class="badge birthday">{t('cardBirthday')}</span> : null}
      </GreetingHeader>
      <div class="wide">
        <DietaryNeedsAlert needs={card.dietaryNeeds} />
        <TagsList tags={card.tags} />
      </div>
      <div class="greeting-main">
        <div class="segmented periods" role="group" aria-label={periods.map(mealPeriodName).join(' / ')}>
          {periods.map((period) => (
            <button type="button" key={period} class="chip" aria-pressed={period === mealPeriod} onClick={() => props.onMealPeriod(period)}>
              {mealPeriodName(period)}
              {period === current ? ` (${t('mealPeriodNow')})` : ''}
            </button>
          ))}
        </div>
        <Usual preference={preference} guestId={card.guestId} />
        {others.length ? (
          <section class="other-periods">
            <h2>{t('otherMealPeriods')}</h2>
            <ul>
              {others.map((d) => (
                <li key={d.mealPeriod}>
                  <strong>{mealPeriodName(d.mealPeriod)}</strong>: {t('table')} {d.usualTable.choice} · {formatItems(d.usualOrder.choice)}{' '}
                  <small>({formatDate(d.usualOrder.lastChosenOn)})</small>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section class="restaurant-notes">
          <h2>{t('cardNotes')}</h2>
          <NotesList card={card} onChanged={props.onChanged} />
          <NoteForm guestId={card.guestId} onSaved={props.onChanged} />
          <DietaryNeedsForm key={card.guestId} guestId={card.guestId} needs={card.dietaryNeeds} onSaved={props.onChanged} />
          <TagToggles guestId={card.guestId} tags={card.tags} onChanged={props.onChanged} />
        </section>
      </div>
      <MealForm
        who={{ key: card.guestId, salutation: card.salutation, ...(props.diner ? { diner: props.diner } : { guestId: card.guestId }) }}
        outlet={outlet}
        mealPeriod={mealPeriod}
        allergies={card.dietaryNeeds?.allergies ?? []}
        onRecorded={props.onRecorded}
      />
    </article>
  );
}

/** The name the host greets the guest by, large, and the facts that go with it on one line. */
function GreetingHeader({ salutation, children }: { salutation: string; children: ComponentChildren }) {
  return (
    <header class="greeting-header wide">
      <h1 id="guest-salutation" class="salutation">
        {salutation}
      </h1>
      <p class="guest-facts">{children}</p>
    </header>
  );
}

function Usual({ preference, guestId }: { preference: DiningPreference | undefined; guestId: string }) {
  if (!preference) return <p class="message">{t('noUsual')}</p>;
  return (
    <div class="usual-offer">
      <p class="offer-table">{t('usualSeat', { table: preference.usualTable.choice })}</p>
      <p class="offer-order">{t('usualOrder', { items: formatItems(preference.usualOrder.choice) })}</p>
      <p class="hint">{formatEvidence(preference.usualOrder)}</p>
      <button
        type="button"
        class="primary big same"
        onClick={() =>
          (draft.value = {
            ...draft.value,
            guestId,
            table: preference.usualTable.choice,
            items: preference.usualOrder.choice.map((item) => ({ ...item })),
            eventId: '',
            at: '',
          })
        }
      >
        {t('sameAsLastTime')}
      </button>
    </div>
  );
}

/** Who the meal is for: a guest the API knows, or a walk-in named by name and contact. */
interface Diners {
  /** Keys the draft: a meal typed for one guest never follows another. */
  key: string;
  salutation: string;
  guestId?: string;
  diner?: Diner;
}

const walkInKey = 'walk-in';

/** A walk-in the API does not know yet: welcome them, and record the meal that makes them known next time. */
function FirstVisit(props: { outlet: OutletConfig; salutation: string; diner: Diner; onRecorded: (salutation: string) => Promise<void> }) {
  return (
    <article class="greeting" aria-labelledby="guest-salutation">
      <GreetingHeader salutation={props.salutation}>
        <span class="badge first-visit">{t('walkInFirstVisit')}</span>
      </GreetingHeader>
      <div class="greeting-main">
        <p class="message">{t('walkInFirstVisitHint')}</p>
        <button type="button" onClick={() => (walkIn.value = emptyWalkIn())}>
          {t('walkInAnother')}
        </button>
      </div>
      <MealForm
        who={{ key: walkInKey, salutation: props.salutation, diner: props.diner }}
        outlet={props.outlet}
        mealPeriod={undefined}
        allergies={[]}
        onRecorded={props.onRecorded}
      />
    </article>
  );
}

function MealForm(props: {
  who: Diners;
  outlet: OutletConfig;
  mealPeriod: string | undefined;
  allergies: readonly Allergen[];
  onRecorded: (salutation: string) => Promise<void>;
}) {
  const { who, outlet, mealPeriod } = props;
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [newItem, setNewItem] = useState('');
  // An order naming the guest's allergen is saved only once the host has confirmed it was checked.
  const [checkedOrder, setCheckedOrder] = useState<string | undefined>(undefined);
  if (draft.value.guestId !== who.key) draft.value = emptyDraft(who.key);
  const meal = draft.value;
  const warnings = findAllergenWarnings(meal.items, props.allergies);
  const orderKey = JSON.stringify(meal.items);
  const needsCheck = warnings.length > 0 && checkedOrder !== orderKey;
  const edit = (patch: Partial<MealDraft>) => (draft.value = { ...draft.value, ...patch, eventId: '', at: '' });
  const setQuantity = (index: number, quantity: number) =>
    edit({
      items:
        quantity <= 0
          ? meal.items.filter((_, i) => i !== index)
          : meal.items.map((item, i) => (i === index ? { ...item, quantity: Math.min(99, quantity) } : item)),
    });

  const send = async () => {
    if (!draft.value.eventId) draft.value = { ...draft.value, eventId: newEventId(), at: new Date().toISOString() };
    const sending = draft.value;
    setBusy(true);
    try {
      await api.recordDining({
        propertyId: staff.value!.propertyId,
        ...(who.diner ? { diner: who.diner } : { guestId: who.guestId! }),
        outlet: outlet.id,
        // A first visit has no card to say which meal period it is: the API takes it from the time.
        ...(mealPeriod ? { mealPeriod } : {}),
        table: sending.table.trim(),
        items: sending.items,
        partySize: sending.partySize,
        eventId: sending.eventId,
        at: sending.at,
      });
      draft.value = emptyDraft(who.key);
      setError(undefined);
      await props.onRecorded(who.salutation);
    } catch (caught) {
      setError(caught);
    }
    setBusy(false);
  };

  return (
    <section class="meal" aria-labelledby="meal-title">
      <h2 id="meal-title">{t('recordMeal')}</h2>
      {props.allergies.length ? (
        <p class="meal-allergies">
          <strong>{t('dietaryAllergies')}:</strong> {props.allergies.map(allergenName).join(', ')}
        </p>
      ) : null}
      <div class="meal-grid">
        <TextField
          label={t('table')}
          value={meal.table}
          onInput={(table) => edit({ table })}
          error={fieldError(error, 'table')}
          maxLength={20}
          autoComplete="off"
        />
        <div class="field">
          <span class="label" id="party-label">
            {t('partySize')}
          </span>
          <div class="stepper" role="group" aria-labelledby="party-label">
            <button type="button" aria-label={`${t('partySize')} −`} onClick={() => edit({ partySize: Math.max(1, meal.partySize - 1) })}>
              −
            </button>
            <output aria-live="polite">{meal.partySize}</output>
            <button type="button" aria-label={`${t('partySize')} +`} onClick={() => edit({ partySize: Math.min(50, meal.partySize + 1) })}>
              +
            </button>
          </div>
          {fieldError(error, 'partySize') ? <p class="field-error">{fieldError(error, 'partySize')}</p> : null}
        </div>
      </div>
      <h3>{t('items')}</h3>
      {meal.items.length === 0 ? <p class="hint">{t('noItems')}</p> : null}
      <ul class="items">
        {meal.items.map((item, index) => {
          const itemError = fieldError(error, `items[${index}]`) ?? fieldError(error, `items[${index}].name`) ?? fieldError(error, `items[${index}].quantity`);
          // The allergens this item names, next to its name: the row keeps its remove button on the same line.
          const itemAllergens = warnings.filter((w) => w.item === item.name).map((w) => allergenName(w.allergen));
          return (
            <li key={`${item.name}-${index}`} class={itemError ? 'has-error' : undefined}>
              <div class="stepper" role="group" aria-label={item.name}>
                <button type="button" aria-label={t('fewer', { item: item.name })} onClick={() => setQuantity(index, item.quantity - 1)}>
                  −
                </button>
                <output>{item.quantity}</output>
                <button type="button" aria-label={t('more', { item: item.name })} onClick={() => setQuantity(index, item.quantity + 1)}>
                  +
                </button>
              </div>
              <span class="item-name">
                {item.name}
                {itemAllergens.length ? <span class="badge allergen">{itemAllergens.join(', ')}</span> : null}
              </span>
              <button type="button" class="quiet" aria-label={t('removeItem', { item: item.name })} onClick={() => setQuantity(index, 0)}>
                ✕
              </button>
              {itemError ? (
                <p class="field-error" role="alert">
                  {itemError}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {fieldError(error, 'items') ? (
        <p class="field-error" role="alert">
          {fieldError(error, 'items')}
        </p>
      ) : null}
      <form
        class="add-item"
        onSubmit={(event) => {
          event.preventDefault();
          const name = newItem.trim();
          if (!name) return;
          const existing = meal.items.findIndex((item) => item.name === name);
          if (existing >= 0) setQuantity(existing, meal.items[existing]!.quantity + 1);
          else edit({ items: [...meal.items, { name, quantity: 1 }] });
          setNewItem('');
        }}
      >
        <TextField label={t('addItem')} value={newItem} onInput={setNewItem} maxLength={60} autoComplete="off" />
        <button type="submit">{t('addItemButton')}</button>
      </form>
      <AllergenWarnings warnings={warnings} />
      <ErrorMessage error={error instanceof ApiError && error.status === 401 ? undefined : error} />
      {needsCheck ? (
        <button type="button" class="big record-anyway" onClick={() => setCheckedOrder(orderKey)}>
          {t('allergenRecordAnyway')}
        </button>
      ) : null}
      <button type="button" class="primary big record" disabled={busy || needsCheck} onClick={() => void send()}>
        {t('recordMeal')}
      </button>
    </section>
  );
}
