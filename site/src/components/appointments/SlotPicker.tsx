import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, describeApiError } from '../../lib/api.ts';
import { viewerZone } from '../../lib/format.ts';
import type { Language } from '../../lib/i18n.ts';
import { addDays, addMonths, dateAfterKey, dateIn, monthOf, monthSpan, monthWeeks, type CalendarDate, type CalendarMonth } from '../../lib/month-grid.ts';

export interface Slot {
  startTime: string;
  endTime: string;
  adminId: string;
  remaining: number;
}

/**
 * How far ahead the API offers slots: BOOKING_HORIZON_DAYS (shared/config.ts), 90 unless the
 * deployment says otherwise. The browser cannot read the server's configuration, so the grid
 * stops at the month this many days ahead; a shorter horizon only leaves the last months empty.
 */
const HORIZON_DAYS = 90;
const DAY_MS = 86_400_000;

const WORDS = {
  fr: {
    locale: 'fr-FR',
    group: 'Créneaux disponibles',
    previousMonth: 'Mois précédent',
    nextMonth: 'Mois suivant',
    loading: 'Chargement des créneaux…',
    freeTimes: (count: number) => (count === 0 ? 'aucun créneau' : count === 1 ? '1 créneau libre' : `${count} créneaux libres`),
    zone: (zone: string) => `Heures en ${zone}`,
    timesOf: (day: string) => `Horaires du ${day}`,
    monthEmpty: (month: string) => `Aucun créneau libre en ${month}.`,
    showNextMonth: 'Voir le mois suivant',
    noneUntil: (month: string) => `Aucun créneau libre d’ici fin ${month}.`,
    askOtherTime: 'Demander un autre horaire',
    contactTeam: 'Contactez l’équipe pour convenir d’un horaire.',
    chosen: (when: string) => `Créneau choisi : ${when}`,
    at: 'à',
    retry: 'Réessayer',
  },
  en: {
    locale: 'en-GB',
    group: 'Available times',
    previousMonth: 'Previous month',
    nextMonth: 'Next month',
    loading: 'Loading the free times…',
    freeTimes: (count: number) => (count === 0 ? 'no free time' : count === 1 ? '1 free time' : `${count} free times`),
    zone: (zone: string) => `Times in ${zone}`,
    timesOf: (day: string) => `Times on ${day}`,
    monthEmpty: (month: string) => `No free time in ${month}.`,
    showNextMonth: 'Show the next month',
    noneUntil: (month: string) => `No free time until the end of ${month}.`,
    askOtherTime: 'Ask for another time',
    contactTeam: 'Contact the team to agree on a time.',
    chosen: (when: string) => `Chosen: ${when}`,
    at: 'at',
    retry: 'Retry',
  },
} as const;

type Words = (typeof WORDS)[Language];

/** A calendar date (no instant) written out; formatted in UTC, where its parts were computed. */
function dateText(date: CalendarDate, locale: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

const monthText = (month: CalendarMonth, locale: string) => dateText(`${month}-01`, locale, { month: 'long', year: 'numeric' });
const timeText = (iso: string, locale: string, zone: string) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(iso));

/** Monday to Sunday as the grid's column heads: short, with the full name for assistive technology. */
function weekdayNames(locale: string) {
  // 2024-01-01 is a Monday.
  return Array.from({ length: 7 }, (_, i) => `2024-01-0${i + 1}`).map((date) => ({
    short: dateText(date, locale, { weekday: 'short' }),
    long: dateText(date, locale, { weekday: 'long' }),
  }));
}

/**
 * GET /api/availability for one month, as the times of each day. Several admins can offer the
 * same start: a person picks a time, not an admin, so each start is listed once (the first
 * admin the API names takes the booking).
 */
async function monthSlots(query: { productId: string; from: string; to: string; timezone: string; adminId?: string }, signal: AbortSignal): Promise<Map<CalendarDate, Slot[]>> {
  const { adminId, ...rest } = query;
  const response = await fetch(`/api/availability?${new URLSearchParams({ ...rest, ...(adminId ? { adminId } : {}) })}`, { signal });
  const body = await response.json().catch(() => undefined);
  if (!response.ok || !body?.success) throw new ApiError(response.status, body?.error ?? `HTTP ${response.status}`, body?.details);
  const days = new Map<CalendarDate, Slot[]>();
  for (const day of body.data.days as Array<{ date: string; slots: Slot[] }>) {
    const seen = new Set<string>();
    days.set(
      day.date,
      day.slots.filter((slot) => !seen.has(slot.startTime) && seen.add(slot.startTime)),
    );
  }
  return days;
}

interface SlotPickerProps {
  product: { id: string };
  chosen?: Slot;
  onChoose: (slot: Slot) => void;
  /** The earliest start to offer (a move's notice); now by default. */
  from?: Date;
  /** Only this admin's slots (a moved booking keeps its admin). */
  adminId?: string;
  language?: Language;
  /** When nothing is free at all: a way on, e.g. back to a request at a time of the client's choosing. */
  onAskOtherTime?: () => void;
  /** The time zone the days and times are shown in (and named in); the browser's by default. */
  zone?: string;
  /**
   * The level of the month's and the day's headings: one below the heading the picker sits under
   * (2 on a page whose title is its h1, 3 in a dialog titled by an h2), so headings never skip a level.
   */
  headingLevel?: 2 | 3;
}

/**
 * The bookable times of a product as a month grid (weeks from Monday) in the viewer's zone: the
 * days with a free time stand out, the first of them is chosen on arrival, and its times are
 * listed below the grid (beside it when there is room). One request per month shown.
 */
export function SlotPicker(props: SlotPickerProps) {
  // Another product, admin or earliest time is another picker: nothing loaded or chosen carries over.
  // Another zone too: the days themselves change (a late evening slot is the next day further east).
  return <MonthSlotPicker key={`${props.product.id}|${props.adminId ?? ''}|${props.from?.getTime() ?? ''}|${props.zone ?? ''}`} {...props} />;
}

function MonthSlotPicker({ product, chosen, onChoose, from, adminId, language = 'fr', onAskOtherTime, zone: shownZone, headingLevel = 3 }: SlotPickerProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const words: Words = WORDS[language];
  const locale = words.locale;
  const [zone] = useState(() => shownZone ?? viewerZone());
  const [{ earliest, today, firstMonth, lastMonth }] = useState(() => {
    const now = Date.now();
    const start = new Date(Math.max(now, from?.getTime() ?? now));
    const first = monthOf(dateIn(start, zone));
    const last = monthOf(dateIn(now + HORIZON_DAYS * DAY_MS, zone));
    return { earliest: start, today: dateIn(now, zone), firstMonth: first, lastMonth: last > first ? last : first };
  });
  const [month, setMonth] = useState(firstMonth);
  const [loaded, setLoaded] = useState<Record<CalendarMonth, Map<CalendarDate, Slot[]>>>({});
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  /** On arrival, months without a free time are skipped until one has some (or the horizon). */
  const [searching, setSearching] = useState(true);
  const [nothingUntilHorizon, setNothingUntilHorizon] = useState(false);
  const [picked, setPicked] = useState<CalendarDate>();
  const [focusTarget, setFocusTarget] = useState<CalendarDate>();
  const moveFocus = useRef(false);
  const grid = useRef<HTMLTableElement>(null);
  const ids = useId();

  const days = loaded[month];
  useEffect(() => {
    if (days) return;
    const span = monthSpan(month, zone, earliest);
    if (!span) {
      setLoaded((all) => ({ ...all, [month]: new Map() }));
      return;
    }
    const abort = new AbortController();
    setError(undefined);
    monthSlots({ productId: product.id, ...span, timezone: zone, adminId }, abort.signal).then(
      (found) => setLoaded((all) => ({ ...all, [month]: found })),
      (e: unknown) => abort.signal.aborted || setError(describeApiError(e, language)),
    );
    return () => abort.abort();
  }, [month, days, attempt, product.id, adminId, zone, earliest, language]);

  const bookableDays = useMemo(() => [...(days?.entries() ?? [])].filter(([, slots]) => slots.length > 0).map(([date]) => date).sort(), [days]);

  useEffect(() => {
    if (!searching || !days) return;
    if (bookableDays.length > 0) setSearching(false);
    else if (month < lastMonth) setMonth(addMonths(month, 1));
    else {
      // Nothing free up to the horizon: show where the search began, and say so.
      setSearching(false);
      setNothingUntilHorizon(true);
      setMonth(firstMonth);
    }
  }, [searching, days, bookableDays, month, lastMonth, firstMonth]);

  const slotsOn = (date: CalendarDate) => days?.get(date) ?? [];
  // The day shown: the one picked in this month, else the month's first with a free time.
  const selected = picked && monthOf(picked) === month && slotsOn(picked).length > 0 ? picked : bookableDays[0];
  // The grid's one tab stop (roving tabindex): where the arrows left it in this month, else the selected day, else the 1st.
  const focusable = focusTarget && monthOf(focusTarget) === month ? focusTarget : (selected ?? `${month}-01`);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`button[data-date="${focusable}"]`)?.focus();
  }, [focusable, month]);

  function onGridKey(event: KeyboardEvent<HTMLTableElement>) {
    const from = (event.target as HTMLElement).closest<HTMLElement>('button[data-date]')?.dataset.date;
    if (!from) return;
    const next = dateAfterKey(from, event.key);
    if (!next) return;
    event.preventDefault();
    // Beyond the months offered, the focus goes as far as it can: the first or the last day offered.
    const target = monthOf(next) < firstMonth ? `${firstMonth}-01` : monthOf(next) > lastMonth ? addDays(`${addMonths(lastMonth, 1)}-01`, -1) : next;
    const targetMonth = monthOf(target);
    moveFocus.current = true;
    setFocusTarget(target);
    if (targetMonth !== month) setMonth(targetMonth);
  }

  function pickDay(date: CalendarDate) {
    setFocusTarget(date);
    if (slotsOn(date).length > 0) setPicked(date);
  }

  const loading = !days || searching;
  const monthName = monthText(month, locale);
  const weekdays = useMemo(() => weekdayNames(locale), [locale]);
  const daySlots = selected && !loading ? slotsOn(selected) : [];
  const chosenText = chosen
    ? `${new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone }).format(new Date(chosen.startTime))} ${words.at} ${timeText(chosen.startTime, locale, zone)}`
    : undefined;

  return (
    <div className="slot-picker" role="group" aria-label={words.group}>
      <div className="slot-picker-body">
        <div className="month-picker">
          <div className="month-nav">
            <button type="button" className="secondary" aria-label={words.previousMonth} title={words.previousMonth} disabled={month <= firstMonth || searching} onClick={() => setMonth(addMonths(month, -1))}>
              <span aria-hidden="true">‹</span>
            </button>
            <Heading id={`${ids}-month`} className="month-title" aria-live="polite">
              {monthName}
            </Heading>
            <button type="button" className="secondary" aria-label={words.nextMonth} title={words.nextMonth} disabled={month >= lastMonth || searching} onClick={() => setMonth(addMonths(month, 1))}>
              <span aria-hidden="true">›</span>
            </button>
          </div>
          <table role="grid" className={`month-grid${loading ? ' is-loading' : ''}`} aria-labelledby={`${ids}-month`} aria-busy={loading} ref={grid} onKeyDown={onGridKey}>
            <thead>
              <tr>
                {weekdays.map((day) => (
                  <th key={day.long} scope="col">
                    <abbr title={day.long}>{day.short}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthWeeks(month).map((week) => (
                <tr key={week.find(Boolean)}>
                  {week.map((date, i) => {
                    if (!date) return <td key={i} />;
                    const count = loading ? 0 : slotsOn(date).length;
                    const label = dateText(date, locale, { day: 'numeric', month: 'long', year: 'numeric' });
                    return (
                      <td key={date} aria-selected={date === selected && !loading}>
                        <button
                          type="button"
                          data-date={date}
                          className={['day', count > 0 ? 'has-slots' : '', date === selected && !loading ? 'selected' : ''].filter(Boolean).join(' ')}
                          tabIndex={date === focusable ? 0 : -1}
                          aria-disabled={count === 0}
                          aria-current={date === today ? 'date' : undefined}
                          aria-label={loading ? label : `${label}, ${words.freeTimes(count)}`}
                          onClick={() => pickDay(date)}
                          onFocus={() => setFocusTarget(date)}
                        >
                          {Number(date.slice(8))}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="day-slots">
          {error ? (
            <>
              <p role="alert" className="form-error">
                {error}
              </p>
              <button type="button" className="secondary" onClick={() => setAttempt((n) => n + 1)}>
                {words.retry}
              </button>
            </>
          ) : loading ? (
            <div className="slots-skeleton" aria-hidden="true">
              <div className="skeleton line" />
              {[0, 1, 2, 3].map((i) => (
                <div key={i} className="skeleton pill" />
              ))}
            </div>
          ) : selected ? (
            <>
              <Heading id={`${ids}-day`} className="day-title-picked">
                {dateText(selected, locale, { weekday: 'long', day: 'numeric', month: 'long' })}
              </Heading>
              <p className="muted small zone-note">{words.zone(zone)}</p>
              <ul className="time-list" aria-label={words.timesOf(dateText(selected, locale, { weekday: 'long', day: 'numeric', month: 'long' }))}>
                {daySlots.map((slot) => {
                  const pressed = chosen?.startTime === slot.startTime;
                  return (
                    <li key={slot.startTime}>
                      <button type="button" className={pressed ? undefined : 'secondary'} aria-pressed={pressed} onClick={() => onChoose(slot)}>
                        {timeText(slot.startTime, locale, zone)}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </>
          ) : nothingUntilHorizon ? (
            <div className="slots-empty">
              <p>{words.noneUntil(monthText(lastMonth, locale))}</p>
              {onAskOtherTime ? (
                <button type="button" className="secondary" onClick={onAskOtherTime}>
                  {words.askOtherTime}
                </button>
              ) : (
                <p className="muted">{words.contactTeam}</p>
              )}
            </div>
          ) : (
            <div className="slots-empty">
              <p>{words.monthEmpty(monthName)}</p>
              {month < lastMonth ? (
                <button type="button" className="secondary" onClick={() => setMonth(addMonths(month, 1))}>
                  {words.showNextMonth}
                </button>
              ) : onAskOtherTime ? (
                <button type="button" className="secondary" onClick={onAskOtherTime}>
                  {words.askOtherTime}
                </button>
              ) : (
                <p className="muted">{words.contactTeam}</p>
              )}
            </div>
          )}
          <p className="sr-only" aria-live="polite">
            {loading && !error ? words.loading : ''}
          </p>
          <p className="chosen-slot" aria-live="polite">
            {chosenText ? words.chosen(chosenText) : ''}
          </p>
        </div>
      </div>
    </div>
  );
}
