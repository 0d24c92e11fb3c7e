import { addDays, addMonths, format, getDay, parse, startOfDay, startOfWeek, subMonths } from 'date-fns';
import { enGB, fr } from 'date-fns/locale';
import { cloneElement, isValidElement, useCallback, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { Calendar, dateFnsLocalizer, Views, type CalendarProps, type EventWrapperProps, type Formats, type Messages, type ToolbarProps, type View } from 'react-big-calendar';
import withDragAndDrop, { type EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import { api, describeApiError } from '../../lib/api.ts';
import { STATUS_COLORS, fetchAll, personName, type AdminAppointment, type Appointment } from '../../lib/appointments.ts';
import { translator, type Language } from '../../lib/i18n.ts';

const localizer = dateFnsLocalizer({ format, parse, startOfWeek: (d: Date) => startOfWeek(d, { weekStartsOn: 1 }), getDay, locales: { fr, 'en-GB': enGB } });

/**
 * Dates with their year, day before month ("14 – 20 décembre 2026", "lundi 14 décembre 2026");
 * react-big-calendar's date-fns defaults follow US word order ("décembre 14 – 20") without a year.
 */
const FRENCH_FORMATS: Formats = {
  dayRangeHeaderFormat: ({ start, end }, culture, local) =>
    start.getMonth() === end.getMonth()
      ? `${local!.format(start, 'd', culture)} – ${local!.format(end, 'd MMMM yyyy', culture)}`
      : `${local!.format(start, 'd MMMM', culture)} – ${local!.format(end, 'd MMMM yyyy', culture)}`,
  dayHeaderFormat: 'EEEE d MMMM yyyy',
  dayFormat: 'EEE d',
  agendaDateFormat: 'EEE d MMM',
};

/** English (admin) dates with their year, day before month as en-GB writes them ("18 – 24 January 2027"). */
const ENGLISH_FORMATS: Formats = {
  ...FRENCH_FORMATS,
  dayFormat: 'EEE d',
  agendaDateFormat: 'EEE d MMM yyyy',
};

/** react-big-calendar's own words (the agenda's column headings, "+2 more"…), in each audience's language. */
const FRENCH_MESSAGES: Messages<CalendarEvent> = {
  date: 'Date',
  time: 'Heure',
  event: 'Rendez-vous',
  allDay: 'Journée',
  week: 'Semaine',
  work_week: 'Semaine de travail',
  day: 'Jour',
  month: 'Mois',
  previous: 'Précédent',
  next: 'Suivant',
  yesterday: 'Hier',
  tomorrow: 'Demain',
  today: 'Aujourd’hui',
  agenda: 'Agenda',
  noEventsInRange: 'Aucun rendez-vous sur cette période.',
  showMore: (n) => `+${n} de plus`,
};
const ENGLISH_MESSAGES: Messages<CalendarEvent> = { event: 'Appointment', noEventsInRange: 'No appointment in this period.', showMore: (n) => `+${n} more` };

export interface CalendarEvent {
  /** The appointment's title. */
  title: string;
  /** Admin calendar: the client's name. */
  person?: string;
  /** Everything the event says, for its tooltip: title, client, status. */
  description: string;
  /** The status, in words (the colour alone says it to no screen reader). */
  statusText: string;
  start: Date;
  end: Date;
  /** The appointment; absent on a background event (an admin's time off or busy time). */
  resource?: Appointment | AdminAppointment;
  background?: 'timeOff' | 'busy';
}

/** Whose schedule the admin calendar draws behind the appointments, with their names. */
export interface TeamShown {
  adminIds: string[];
  names: Record<string, string>;
}

interface TeamSchedule {
  adminId: string;
  working: Array<{ startTime: string; endTime: string }>;
  timeOff: Array<{ startTime: string; endTime: string }>;
  busy: Array<{ startTime: string; endTime: string }>;
}

/** Shorter than this, an event of the week/day grid has no room for its range label (2 lines of text). */
const SHORT_EVENT_MS = 60 * 60_000;
const duration = (event: CalendarEvent) => event.end.getTime() - event.start.getTime();
const isShort = (event: CalendarEvent) => duration(event) < SHORT_EVENT_MS;
/** Shorter than this, room for one line of text. */
const TINY_EVENT_MS = 30 * 60_000;

/**
 * An event of the week and day grids: a short one's start time and title, then the client; a
 * longer one's title, then the client, under the range label. The title takes up to two lines
 * (one in an event under half an hour), whole words, ending in an ellipsis when longer; the client
 * one line. A line with no room left under the others is not drawn at all, never half of it; the
 * tooltip and the event's accessible name have everything.
 */
function TimeGridEventContent({ event, language }: { event: CalendarEvent; language: Language }) {
  if (event.background) return <span className="event-line event-wrap">{event.title}</span>;
  const time = format(event.start, 'HH:mm', { locale: language === 'fr' ? fr : enGB });
  return (
    <span className="event-lines">
      <span className="event-line event-title-line">
        {isShort(event) && <span className="event-time">{time} </span>}
        <span className="event-title">{event.title}</span>
      </span>
      {event.person && (
        <>
          <span className="event-sep"> · </span>
          <span className="event-line event-person">{event.person}</span>
        </>
      )}
      <span className="sr-only"> ({event.statusText})</span>
    </span>
  );
}

/** " · Jean Dupont" (the separator is in the text, so screen readers and copies read it too). */
function EventPerson({ event }: { event: CalendarEvent }) {
  if (!event.person) return null;
  return (
    <>
      <span className="event-sep"> · </span>
      <span className="event-person">{event.person}</span>
    </>
  );
}

/** An event of the month view and the week's all-day row: one line, title and client. */
function RowEventContent({ event }: { event: CalendarEvent }) {
  return (
    <span className="event-line">
      <span className="event-title">{event.title}</span>
      <EventPerson event={event} />
      <span className="sr-only"> ({event.statusText})</span>
    </span>
  );
}

/**
 * Month events are plain divs in react-big-calendar (the week and day grids' are focusable
 * buttons): this makes them reachable with Tab as well, and Enter or Space opens them
 * (onKeyPressEvent below).
 */
function FocusableMonthEvent(props: EventWrapperProps<CalendarEvent>) {
  // react-big-calendar passes its children and `type` ('date' in the month view) beyond the typed props.
  const { type, children } = props as EventWrapperProps<CalendarEvent> & { type?: string; children?: ReactNode };
  if (type !== 'date' || !isValidElement(children)) return <>{children}</>;
  return cloneElement(children as ReactElement<Record<string, unknown>>, { tabIndex: 0, role: 'button' });
}

/** The Agenda view lists events in a table that does not open them: each title is a button here. */
function AgendaEvent({ event, open }: { event: CalendarEvent; open: (event: CalendarEvent) => void }) {
  return (
    <button type="button" className="link-button agenda-open" onClick={() => open(event)}>
      <RowEventContent event={event} />
    </button>
  );
}

interface Props {
  area: 'client' | 'admin';
  onSelectEvent: (appointment: Appointment) => void;
  onSelectSlot: (slot: { start: Date; end: Date }) => void;
  /** Bumped by the page to refetch (after creating a request). */
  refreshKey?: number;
  /**
   * Drag-and-drop (the admin calendar): an event dropped or resized is shown at once where it was
   * put, and snaps back (the list is fetched again) when this rejects.
   */
  onMove?: (appointment: Appointment, start: Date, end: Date) => Promise<void>;
  /** The admin calendar: whose working time, time off and busy time to draw behind the week and day grids. */
  team?: TeamShown;
}

/** The range the week and day grids show (the month grid and the agenda draw no background). */
function gridRange(date: Date, view: View): { from: Date; to: Date } | undefined {
  if (view === Views.WEEK) {
    const from = startOfWeek(date, { weekStartsOn: 1 });
    return { from, to: addDays(from, 7) };
  }
  if (view === Views.DAY) {
    const from = startOfDay(date);
    return { from, to: addDays(from, 1) };
  }
  return undefined;
}

/**
 * The team's schedule over the visible week or day, in ONE call per range: refetched when the
 * range or the admins shown change, never for the month grid or the agenda.
 */
function useTeamSchedule(team: TeamShown | undefined, date: Date, view: View): TeamSchedule[] {
  const [schedule, setSchedule] = useState<TeamSchedule[]>([]);
  const range = gridRange(date, view);
  const key = team && team.adminIds.length > 0 && range ? `${range.from.toISOString()}|${range.to.toISOString()}|${team.adminIds.join(',')}` : '';
  useEffect(() => {
    if (!key) return setSchedule([]);
    const [from, to, ids] = key.split('|') as [string, string, string];
    let current = true;
    api<TeamSchedule[]>(`/admin/availability/team?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&adminIds=${ids}`).then(
      (data) => current && setSchedule(data),
      () => current && setSchedule([]),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return schedule;
}

/** The calendar with react-big-calendar's drag-and-drop addon (move and resize in the week and day grids). */
const DragAndDropCalendar = withDragAndDrop<CalendarEvent>(Calendar);

/** Where the calendar opens on the day view (and the toolbar is compact): phones. */
const NARROW = '(max-width: 760px)';

/** How far a finger may travel between touching and lifting for it to count as a tap (px). */
const TAP_SLOP = 10;

/**
 * The start of the week or day grid's half-hour slot under a tap at (x, y), or undefined when the
 * tap is not on a free part of a day column. react-big-calendar only selects a slot after a long
 * press on touch screens (so that a finger can scroll): a tap is what people try first.
 */
function slotAt(root: HTMLElement, x: number, y: number, firstDay: Date): Date | undefined {
  const columns = [...root.querySelectorAll<HTMLElement>('.rbc-time-content > .rbc-day-slot')];
  const column = columns.findIndex((c) => {
    const box = c.getBoundingClientRect();
    return x >= box.left && x < box.right && y >= box.top && y < box.bottom;
  });
  if (column < 0) return undefined;
  const slots = [...columns[column]!.querySelectorAll<HTMLElement>('.rbc-time-slot')];
  const index = slots.findIndex((slot) => {
    const box = slot.getBoundingClientRect();
    return y >= box.top && y < box.bottom;
  });
  if (index < 0) return undefined;
  // Wall-clock hours of that day: right on the days summer time starts or ends too.
  const start = addDays(firstDay, column);
  start.setHours(Math.floor(index / 2), (index % 2) * 30, 0, 0);
  return start;
}

/** What can be moved: an appointment that holds time and is still to come or in progress. */
const movable = (event: CalendarEvent) => !!event.resource && (event.resource.status === 'pending' || event.resource.status === 'confirmed') && event.end.getTime() > Date.now();

function Toolbar({ label, onNavigate, onView, view, views, language }: ToolbarProps<CalendarEvent> & { language: Language }) {
  const t = translator(language);
  const names: Record<string, string> = { month: t('calendar.month'), week: t('calendar.week'), day: t('calendar.day'), agenda: t('calendar.agenda') };
  return (
    <div className="calendar-toolbar">
      <div className="actions calendar-nav">
        <button type="button" className="secondary" aria-label={t('calendar.previous')} onClick={() => onNavigate('PREV')}>
          ‹<span className="wide-only"> {t('calendar.previous')}</span>
        </button>
        <button type="button" className="secondary" onClick={() => onNavigate('TODAY')}>
          {t('calendar.today')}
        </button>
        <button type="button" className="secondary" aria-label={t('calendar.next')} onClick={() => onNavigate('NEXT')}>
          <span className="wide-only">{t('calendar.next')} </span>›
        </button>
      </div>
      <h2 className="calendar-label" aria-live="polite">
        {label}
      </h2>
      <div className="actions calendar-views" role="group" aria-label={t('calendar.views')}>
        {(views as View[]).map((name) => (
          <button key={name} type="button" className={name === view ? undefined : 'secondary'} aria-pressed={name === view} onClick={() => onView(name)}>
            {names[name] ?? name}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * Mends react-big-calendar's markup for assistive technology, as it renders:
 * - it marks some divs as grid rows and column headers without the grid around them, which
 *   screen readers announce as a broken table (axe: aria-required-parent/children); without
 *   those roles the calendar reads as what it is: headings, buttons and event labels;
 * - the hours of the week and day grids scroll in a box of their own, made a focusable, named region.
 */
function useAccessibleCalendarMarkup(container: React.RefObject<HTMLDivElement | null>, timeGridLabel: string) {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const strip = () => {
      for (const el of root.querySelectorAll('[role="row"], [role="rowgroup"], [role="columnheader"], [role="cell"], [role="rowheader"], [role="gridcell"]')) {
        el.removeAttribute('role');
        el.removeAttribute('aria-sort');
      }
      // The hours scroll inside the week and day grids: a keyboard user must be able to scroll
      // them too, even on a day with no event to Tab to (axe: scrollable-region-focusable).
      for (const el of root.querySelectorAll('.rbc-time-content:not([tabindex])')) {
        el.setAttribute('tabindex', '0');
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', timeGridLabel);
      }
    };
    strip();
    const observer = new MutationObserver(strip);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['role'] });
    return () => observer.disconnect();
  }, [container, timeGridLabel]);
}

/**
 * react-big-calendar over the API: fetches 3 months before and after the visible date (again
 * when navigation leaves that window), colours events by status, opens details on click and
 * hands slot selections to the page.
 */
export function AppointmentCalendar({ area, onSelectEvent, onSelectSlot, refreshKey = 0, onMove, team }: Props) {
  const language: Language = area === 'admin' ? 'en' : 'fr';
  const [date, setDate] = useState(() => new Date());
  // A phone shows one day at a time: seven columns of a week are too narrow to read or tap.
  const [view, setView] = useState<View>(() => (window.matchMedia(NARROW).matches ? Views.DAY : Views.WEEK));
  const [window_, setWindow] = useState(() => ({ from: subMonths(new Date(), 3), to: addMonths(new Date(), 3) }));
  const [items, setItems] = useState<Appointment[]>();
  const [error, setError] = useState<string>();
  const wrapper = useRef<HTMLDivElement>(null);
  useAccessibleCalendarMarkup(wrapper, language === 'fr' ? 'Heures de la journée' : 'Hours of the day');

  const load = useCallback(() => {
    const path = area === 'admin' ? '/admin/appointments' : '/appointments';
    fetchAll<Appointment>(path, { startDate: window_.from.toISOString(), endDate: window_.to.toISOString(), limit: '200' }).then(
      (list) => {
        setItems(list);
        setError(undefined);
      },
      (e: unknown) => setError(describeApiError(e)),
    );
  }, [area, window_]);
  useEffect(load, [load, refreshKey]);

  /** Shows the event where it was dropped at once; the page saves it, and a refusal snaps it back. */
  async function move({ event, start, end }: EventInteractionArgs<CalendarEvent>) {
    const [from, to] = [new Date(start), new Date(end)];
    const appointment = event.resource;
    if (!onMove || !appointment || (from.getTime() === event.start.getTime() && to.getTime() === event.end.getTime())) return;
    setItems((list) => list?.map((a) => (a.id === appointment.id ? { ...a, startTime: from.toISOString(), endTime: to.toISOString() } : a)));
    try {
      await onMove(appointment, from, to);
    } finally {
      load();
    }
  }

  const schedule = useTeamSchedule(team, date, view);
  const working = useMemo(() => schedule.flatMap((admin) => admin.working.map((w) => ({ start: Date.parse(w.startTime), end: Date.parse(w.endTime) }))), [schedule]);
  const backgroundEvents = useMemo<CalendarEvent[]>(
    () =>
      schedule.flatMap((admin) => {
        const name = team?.names[admin.adminId] ?? 'Admin';
        const spans = [
          ...admin.timeOff.map((span) => ({ span, kind: 'timeOff' as const, title: `${name}: time off` })),
          ...admin.busy.map((span) => ({ span, kind: 'busy' as const, title: `${name}: busy in their calendar` })),
        ];
        return spans.map(({ span, kind, title }) => ({ title, description: title, statusText: title, start: new Date(span.startTime), end: new Date(span.endTime), background: kind }));
      }),
    [schedule, team],
  );

  const navigate = (next: Date) => {
    setDate(next);
    if (next < addMonths(window_.from, 1) || next > subMonths(window_.to, 1)) setWindow({ from: subMonths(next, 3), to: addMonths(next, 3) });
  };

  const events = useMemo<CalendarEvent[]>(() => {
    const t = translator(language);
    return (items ?? []).map((a) => {
      const { user, assignedAdmin } = a as AdminAppointment;
      const person = area === 'admin' ? (user ? personName(user) : a.attendeeName) || undefined : undefined;
      // Seed Flow 4: admins see who of the team runs it, in the tooltip and the accessible name.
      const runBy = area === 'admin' ? (assignedAdmin ? `with ${personName(assignedAdmin)}` : 'unassigned') : undefined;
      const statusText = t(`status.${a.status}`);
      return {
        title: a.title,
        person,
        statusText: runBy ? `${statusText}, ${runBy}` : statusText,
        description: `${a.title}${person ? ` — ${person}` : ''} (${statusText}${runBy ? `, ${runBy}` : ''})`,
        start: new Date(a.startTime),
        end: new Date(a.endTime),
        resource: a,
      };
    });
  }, [items, area, language]);

  // The latest callback, without rebuilding the calendar's components on every render.
  const select = useRef(onSelectEvent);
  select.current = onSelectEvent;
  const open = useCallback((event: CalendarEvent) => event.resource && select.current(event.resource), []);

  const components = useMemo(
    () => ({
      toolbar: (props: ToolbarProps<CalendarEvent>) => <Toolbar {...props} language={language} />,
      event: RowEventContent,
      eventWrapper: FocusableMonthEvent,
      agenda: { event: ({ event }: { event: CalendarEvent }) => <AgendaEvent event={event} open={open} /> },
      week: { event: ({ event }: { event: CalendarEvent }) => <TimeGridEventContent event={event} language={language} /> },
      day: { event: ({ event }: { event: CalendarEvent }) => <TimeGridEventContent event={event} language={language} /> },
    }),
    [language, open],
  );

  /** The calendar's settings, the same with or without drag-and-drop. */
  const calendarProps: CalendarProps<CalendarEvent> = {
    localizer,
    culture: language === 'fr' ? 'fr' : 'en-GB',
    formats: language === 'fr' ? FRENCH_FORMATS : ENGLISH_FORMATS,
    events,
    date,
    view,
    views: [Views.MONTH, Views.WEEK, Views.DAY, Views.AGENDA],
    onNavigate: navigate,
    onView: setView,
    selectable: true,
    popup: true,
    scrollToTime: new Date(1970, 0, 1, 8),
    onSelectEvent: open,
    onKeyPressEvent: (event, e) => {
      // Typed as any event, it is the keydown of the focused event.
      const key = (e.nativeEvent as KeyboardEvent).key;
      if (key !== 'Enter' && key !== ' ') return;
      e.preventDefault();
      open(event);
    },
    onSelectSlot: ({ start, end }) => onSelectSlot({ start, end }),
    tooltipAccessor: (event) => event.description,
    eventPropGetter: (event) =>
      event.resource
        ? {
            className: `event-${event.resource.status}${isShort(event) ? ' event-short' : ''}${duration(event) < TINY_EVENT_MS ? ' event-tiny' : ''}`,
            style: { backgroundColor: STATUS_COLORS[event.resource.status], borderColor: STATUS_COLORS[event.resource.status], color: event.resource.status === 'pending' ? '#3d2e00' : 'white' },
          }
        : { className: `background-${event.background}` },
    // Working time shades the grid's slots (behind everything; several admins' times simply add up).
    ...(team
      ? {
          backgroundEvents,
          slotPropGetter: (slot: Date) => (working.some((w) => slot.getTime() >= w.start && slot.getTime() < w.end) ? { className: 'slot-working' } : {}),
        }
      : {}),
    components,
    messages: language === 'fr' ? FRENCH_MESSAGES : ENGLISH_MESSAGES,
    style: { height: 720 },
  };

  const touch = useRef<{ x: number; y: number } | undefined>(undefined);
  /** A tap on a free slot of the week or day grid starts a request there, as a click does. */
  function tapped(event: React.PointerEvent<HTMLDivElement>) {
    const down = touch.current;
    touch.current = undefined;
    const range = gridRange(date, view);
    if (!down || !range || !wrapper.current || event.pointerType === 'mouse') return;
    if (Math.abs(event.clientX - down.x) > TAP_SLOP || Math.abs(event.clientY - down.y) > TAP_SLOP) return;
    if ((event.target as HTMLElement).closest('.rbc-event, .rbc-background-event:not(.background-timeOff):not(.background-busy), button, a')) return;
    const start = slotAt(wrapper.current, event.clientX, event.clientY, range.from);
    if (start) onSelectSlot({ start, end: new Date(start.getTime() + 30 * 60_000) });
  }

  return (
    <div
      className="calendar-wrap"
      ref={wrapper}
      onPointerDown={(e) => (touch.current = e.pointerType === 'mouse' ? undefined : { x: e.clientX, y: e.clientY })}
      onPointerUp={tapped}
    >
      {error && <p role="alert" className="form-error">{error}</p>}
      {onMove ? (
        <DragAndDropCalendar
          {...calendarProps}
          draggableAccessor={movable}
          resizableAccessor={movable}
          resizable
          onEventDrop={(args) => void move(args)}
          onEventResize={(args) => void move(args)}
        />
      ) : (
        <Calendar<CalendarEvent> {...calendarProps} />
      )}
    </div>
  );
}
