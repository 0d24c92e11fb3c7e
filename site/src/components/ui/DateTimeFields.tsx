import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { DATE_FORMAT, ENTRY_MESSAGES, TIME_FORMAT, formatDateEntry, parseDateEntry, parseTimeEntry, shiftTime } from '../../lib/date-entry.ts';
import { viewerZone } from '../../lib/format.ts';
import type { Language } from '../../lib/i18n.ts';
import { addMonths, dateAfterKey, dateIn, monthOf, monthWeeks, type CalendarDate, type CalendarMonth } from '../../lib/month-grid.ts';

/**
 * Date and time fields that read the same in every browser: a text field in the page's format
 * (jj/mm/aaaa in French, YYYY-MM-DD in English; 24-hour hh:mm in both) with the format shown
 * beside its label, a month grid to pick the date from (the slot picker's grid and keys), and a
 * message in the page's language under the field when what was typed is not a date or a time.
 * Native date and time inputs follow the browser's locale instead (mm/dd/yyyy and AM/PM to a
 * French client in an English browser). Each field hands its form the value a native input would
 * have (YYYY-MM-DD, HH:mm, YYYY-MM-DDTHH:mm) in a hidden input of the given name, empty while
 * empty or unreadable.
 */

const WORDS = {
  fr: { locale: 'fr-FR', choose: 'Choisir une date', calendar: 'Calendrier', previousMonth: 'Mois précédent', nextMonth: 'Mois suivant', date: 'Date', time: 'Heure', format: 'Format' },
  en: { locale: 'en-GB', choose: 'Choose a date', calendar: 'Calendar', previousMonth: 'Previous month', nextMonth: 'Next month', date: 'Date', time: 'Time', format: 'Format' },
} as const;

const dateText = (date: CalendarDate, locale: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** The problem with a typed value, once the person has left the field or sent the form. */
function problemOf(kind: 'date' | 'time', text: string, language: Language, required: boolean): string | undefined {
  if (!text.trim()) return required ? ENTRY_MESSAGES[language][kind === 'date' ? 'dateRequired' : 'timeRequired'] : undefined;
  const ok = kind === 'date' ? parseDateEntry(text, language) : parseTimeEntry(text);
  return ok ? undefined : ENTRY_MESSAGES[language][kind];
}

/** Shows the problems of a form's fields when it is sent (Enter in a field sends it without leaving the field). */
function useOnSubmit(anchor: RefObject<HTMLElement | null>, onSubmit: () => void) {
  const latest = useRef(onSubmit);
  latest.current = onSubmit;
  useEffect(() => {
    const form = anchor.current?.closest('form');
    if (!form) return;
    const listener = () => latest.current();
    form.addEventListener('submit', listener, true);
    return () => form.removeEventListener('submit', listener, true);
  }, [anchor]);
}

/** A month grid in a popup under the date field: arrows, Home/End and PageUp/PageDown move; Enter picks; Escape closes. */
function DatePopup({ selected, language, onPick, onClose, labelledBy }: { selected?: CalendarDate; language: Language; onPick: (date: CalendarDate) => void; onClose: () => void; labelledBy: string }) {
  const words = WORDS[language];
  const [today] = useState(() => dateIn(Date.now(), viewerZone()));
  const [focused, setFocused] = useState<CalendarDate>(selected ?? today);
  const [month, setMonth] = useState<CalendarMonth>(monthOf(selected ?? today));
  const grid = useRef<HTMLTableElement>(null);
  const moveFocus = useRef(true);
  const ids = useId();

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`button[data-date="${focused}"]`)?.focus();
  }, [focused, month]);

  function onKey(event: KeyboardEvent<HTMLTableElement>) {
    const next = dateAfterKey(focused, event.key);
    if (!next) return;
    event.preventDefault();
    moveFocus.current = true;
    setFocused(next);
    setMonth(monthOf(next));
  }
  const showMonth = (delta: number) => {
    const next = addMonths(month, delta);
    setMonth(next);
    setFocused(`${next}-01`);
  };
  const weekdays = Array.from({ length: 7 }, (_, i) => `2024-01-0${i + 1}`).map((date) => ({ short: dateText(date, words.locale, { weekday: 'short' }), long: dateText(date, words.locale, { weekday: 'long' }) }));

  return (
    <div
      className="date-popup"
      role="dialog"
      aria-labelledby={labelledBy}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // Only the popup closes, not a dialog it sits in.
        event.stopPropagation();
        event.nativeEvent.stopImmediatePropagation();
        onClose();
      }}
    >
      <div className="month-nav">
        <button type="button" className="secondary" aria-label={words.previousMonth} title={words.previousMonth} onClick={() => showMonth(-1)}>
          <span aria-hidden="true">‹</span>
        </button>
        <p id={`${ids}-month`} className="month-title" aria-live="polite">
          {dateText(`${month}-01`, words.locale, { month: 'long', year: 'numeric' })}
        </p>
        <button type="button" className="secondary" aria-label={words.nextMonth} title={words.nextMonth} onClick={() => showMonth(1)}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <table role="grid" className="month-grid" aria-labelledby={`${ids}-month`} ref={grid} onKeyDown={onKey}>
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
              {week.map((date, i) =>
                date ? (
                  <td key={date} aria-selected={date === selected}>
                    <button
                      type="button"
                      data-date={date}
                      className={date === selected ? 'day selected' : 'day'}
                      tabIndex={date === focused ? 0 : -1}
                      aria-current={date === today ? 'date' : undefined}
                      aria-label={dateText(date, words.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}
                      onClick={() => onPick(date)}
                      onFocus={() => setFocused(date)}
                    >
                      {Number(date.slice(8))}
                    </button>
                  </td>
                ) : (
                  <td key={i} />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface DateInputProps {
  id: string;
  label: string;
  language: Language;
  text: string;
  onText: (text: string) => void;
  onBlur: () => void;
  invalid: boolean;
  describedBy?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** The date's text field and the button that opens the month grid. */
function DateInput({ id, label, language, text, onText, onBlur, invalid, describedBy, inputRef }: DateInputProps) {
  const words = WORDS[language];
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const picked = parseDateEntry(text, language);
  const labelId = `${id}-label`;

  useEffect(() => {
    if (!open) return;
    const away = (event: Event) => box.current && !box.current.contains(event.target as Node) && setOpen(false);
    document.addEventListener('mousedown', away);
    document.addEventListener('focusin', away);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('focusin', away);
    };
  }, [open]);

  return (
    <div className="date-input" ref={box}>
      <div className="label-line">
        <label htmlFor={id} id={labelId}>
          {label}
        </label>
        <span className="field-format" id={`${id}-format`}>
          {DATE_FORMAT[language]}
        </span>
      </div>
      <div className="entry-line">
        <input
          id={id}
          ref={inputRef}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={text}
          onChange={(e) => onText(e.target.value)}
          onBlur={onBlur}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && e.altKey) {
              e.preventDefault();
              setOpen(true);
            }
          }}
          aria-invalid={invalid}
          aria-describedby={joinIds(`${id}-format`, describedBy)}
        />
        <button
          type="button"
          ref={toggle}
          className="secondary calendar-toggle"
          aria-label={words.choose}
          aria-describedby={labelId}
          title={words.choose}
          aria-expanded={open}
          aria-haspopup="dialog"
          onClick={() => setOpen((o) => !o)}
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.6">
            <rect x="3" y="4.5" width="14" height="12.5" rx="2" />
            <path d="M3 8.5h14M7 2.5v4M13 2.5v4" />
          </svg>
        </button>
      </div>
      {open && (
        <DatePopup
          selected={picked}
          language={language}
          labelledBy={labelId}
          onClose={() => {
            setOpen(false);
            toggle.current?.focus();
          }}
          onPick={(date) => {
            onText(formatDateEntry(date, language));
            setOpen(false);
            toggle.current?.focus();
          }}
        />
      )}
    </div>
  );
}

interface TimeInputProps {
  id: string;
  label: ReactNode;
  language: Language;
  text: string;
  onText: (text: string) => void;
  onBlur: () => void;
  invalid: boolean;
  describedBy?: string;
  /** ArrowUp/ArrowDown move the time by this many minutes. */
  step?: number;
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** A 24-hour time as text; the arrows step it; on leaving, "930" reads back as "09:30". */
function TimeInput({ id, label, language, text, onText, onBlur, invalid, describedBy, step = 15, inputRef }: TimeInputProps) {
  return (
    <div className="time-input">
      <div className="label-line">
        <label htmlFor={id}>{label}</label>
        <span className="field-format" id={`${id}-format`}>
          {TIME_FORMAT[language]}
        </span>
      </div>
      <input
        id={id}
        ref={inputRef}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        onChange={(e) => onText(e.target.value)}
        onBlur={() => {
          const time = parseTimeEntry(text);
          if (time && time !== text) onText(time);
          onBlur();
        }}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          const time = parseTimeEntry(text);
          onText(time ? shiftTime(time, e.key === 'ArrowUp' ? step : -step) : '09:00');
        }}
        aria-invalid={invalid}
        aria-describedby={joinIds(`${id}-format`, describedBy)}
      />
    </div>
  );
}

/** Text that follows a controlled value: reset when the value changes to one the text does not say. */
function useEntryText(value: string | undefined, defaultValue: string | undefined, read: (text: string) => string | undefined, show: (value: string) => string) {
  const [text, setText] = useState(() => show(value ?? defaultValue ?? ''));
  useEffect(() => {
    if (value !== undefined && (read(text) ?? '') !== value) setText(show(value));
    // Only a change of the value from outside resets the text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return [text, setText] as const;
}

/** A field's text is fine to send: empty when optional, else a date or time that reads. */
const entryOk = (kind: 'date' | 'time', text: string, language: Language, required: boolean) => !problemOf(kind, text, language, required);

/**
 * True when every date and time field of the form reads (each marks itself, as it renders): a
 * submit handler returns early otherwise, the fields showing what is wrong beside themselves.
 */
export function entriesReady(form: HTMLFormElement): boolean {
  return !form.querySelector('[data-entry-ok="false"]');
}

/** Puts a field back to its first text when its form is reset (a native input does that by itself). */
function useOnReset(anchor: RefObject<HTMLElement | null>, reset: () => void) {
  const latest = useRef(reset);
  latest.current = reset;
  useEffect(() => {
    const form = anchor.current?.closest('form');
    const listener = () => latest.current();
    form?.addEventListener('reset', listener);
    return () => form?.removeEventListener('reset', listener);
  }, [anchor]);
}

const joinIds = (...ids: Array<string | undefined | false>) => ids.filter(Boolean).join(' ') || undefined;

interface DateFieldProps {
  id: string;
  label: string;
  language: Language;
  /** The hidden input's name: the date as YYYY-MM-DD. */
  name?: string;
  value?: CalendarDate | '';
  defaultValue?: CalendarDate | '';
  /** The date as YYYY-MM-DD, or '' while empty or unreadable. */
  onChange?: (date: CalendarDate | '') => void;
  required?: boolean;
  /** A problem the page found (a range, the API): shown when the text itself is fine. */
  error?: string;
  /** Elements of the page that describe the field (its own message is added). */
  describedBy?: string;
  invalid?: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
  className?: string;
}

export function DateField({ id, label, language, name, value, defaultValue, onChange, required = false, error, describedBy, invalid, inputRef, className }: DateFieldProps) {
  const read = (text: string) => parseDateEntry(text, language);
  const [text, setText] = useEntryText(value, defaultValue, read, (date) => (date ? formatDateEntry(date, language) : ''));
  const [problem, setProblem] = useState<string>();
  const anchor = useRef<HTMLDivElement>(null);
  useOnSubmit(anchor, () => setProblem(problemOf('date', text, language, required)));
  useOnReset(anchor, () => {
    if (value !== undefined) return;
    setText(defaultValue ? formatDateEntry(defaultValue, language) : '');
    setProblem(undefined);
  });
  const message = problem ?? error;
  return (
    <div className={className ? `entry-field ${className}` : 'entry-field'} ref={anchor} data-entry-ok={entryOk('date', text, language, required)}>
      <DateInput
        id={id}
        label={label}
        language={language}
        text={text}
        inputRef={inputRef}
        onText={(next) => {
          setText(next);
          if (problem && !problemOf('date', next, language, required)) setProblem(undefined);
          onChange?.(read(next) ?? '');
        }}
        onBlur={() => setProblem(text.trim() ? problemOf('date', text, language, false) : undefined)}
        invalid={Boolean(problem) || Boolean(invalid)}
        describedBy={joinIds(problem && `${id}-problem`, describedBy)}
      />
      {name && <input type="hidden" name={name} value={read(text) ?? ''} />}
      {problem && (
        <span className="field-error" id={`${id}-problem`} role="alert">
          {problem}
        </span>
      )}
      {!problem && message && !describedBy && (
        <span className="field-error" id={`${id}-problem`}>
          {message}
        </span>
      )}
    </div>
  );
}

interface TimeFieldProps {
  id: string;
  label: string;
  language: Language;
  name?: string;
  defaultValue?: string;
  required?: boolean;
  step?: number;
}

export function TimeField({ id, label, language, name, defaultValue, required = false, step }: TimeFieldProps) {
  const [text, setText] = useState(defaultValue ?? '');
  const [problem, setProblem] = useState<string>();
  const anchor = useRef<HTMLDivElement>(null);
  useOnSubmit(anchor, () => setProblem(problemOf('time', text, language, required)));
  useOnReset(anchor, () => {
    setText(defaultValue ?? '');
    setProblem(undefined);
  });
  return (
    <div className="entry-field" ref={anchor} data-entry-ok={entryOk('time', text, language, required)}>
      <TimeInput
        id={id}
        label={label}
        language={language}
        text={text}
        step={step}
        onText={(next) => {
          setText(next);
          if (problem && !problemOf('time', next, language, required)) setProblem(undefined);
        }}
        onBlur={() => setProblem(text.trim() ? problemOf('time', text, language, false) : undefined)}
        invalid={Boolean(problem)}
        describedBy={problem ? `${id}-problem` : undefined}
      />
      {name && <input type="hidden" name={name} value={parseTimeEntry(text) ?? ''} />}
      {problem && (
        <span className="field-error" id={`${id}-problem`} role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

interface DateTimeFieldProps {
  /** The date field's id (the time field's is `${id}-time`). */
  id: string;
  /** What the two fields are together ("Start", "Nouvel horaire souhaité"): the group's legend. */
  legend: string;
  language: Language;
  name?: string;
  /** "YYYY-MM-DDTHH:mm" in the viewer's zone, as a datetime-local input's value. */
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
  required?: boolean;
  /** A problem the page found (the end before the start, the API's answer): shown when the text is fine. */
  error?: string;
  errorId?: string;
}

/** A date and a 24-hour time, side by side in a group named by `legend`. */
export function DateTimeField({ id, legend, language, name, value, defaultValue, onChange, required = false, error, errorId }: DateTimeFieldProps) {
  const words = WORDS[language];
  const [defaultDate = '', defaultTime = ''] = (value ?? defaultValue ?? '').split('T');
  const [dateText_, setDateText] = useState(() => (defaultDate ? formatDateEntry(defaultDate, language) : ''));
  const [timeText, setTimeText] = useState(defaultTime);
  const [problems, setProblems] = useState<{ date?: string; time?: string }>({});
  const anchor = useRef<HTMLFieldSetElement>(null);
  const combined = (d: string, t: string) => {
    const date = parseDateEntry(d, language);
    const time = parseTimeEntry(t);
    return date && time ? `${date}T${time}` : '';
  };
  // A controlled value that the texts do not say (set from outside): the texts follow it. While
  // the texts are unreadable the value is '', which leaves them as typed.
  useEffect(() => {
    if (value === undefined || value === combined(dateText_, timeText) || value === '') return;
    const [date = '', time = ''] = value.split('T');
    setDateText(formatDateEntry(date, language));
    setTimeText(time);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  useOnSubmit(anchor, () => setProblems({ date: problemOf('date', dateText_, language, required), time: problemOf('time', timeText, language, required) }));
  const problem = problems.date ?? problems.time;
  // Each part's problem under the parts; the page's own message (shared) when neither has one.
  const partDescription = (part: 'date' | 'time') => (problems[part] ? `${id}-${part}-problem` : !problem && error ? (errorId ?? `${id}-problem`) : undefined);
  // What the date and the time parts do alike: a fixed entry clears its message at once, leaving a
  // part checks it, and each part is described by its own message (or the shared one).
  const partEvents = (part: 'date' | 'time', text: string, store: (next: string) => void) => ({
    onText: (next: string) => {
      store(next);
      if (problems[part] && !problemOf(part, next, language, required)) setProblems((p) => ({ ...p, [part]: undefined }));
    },
    onBlur: () => setProblems((p) => ({ ...p, [part]: text.trim() ? problemOf(part, text, language, false) : undefined })),
    invalid: Boolean(problems[part]) || (!problem && Boolean(error)),
    describedBy: partDescription(part),
  });
  return (
    <fieldset className="datetime-field" ref={anchor} data-entry-ok={entryOk('date', dateText_, language, required) && entryOk('time', timeText, language, required) && Boolean(dateText_.trim()) === Boolean(timeText.trim())}>
      <legend>{legend}</legend>
      <div className="datetime-parts">
        <DateInput
          id={id}
          label={words.date}
          language={language}
          text={dateText_}
          {...partEvents('date', dateText_, (next) => {
            setDateText(next);
            onChange?.(combined(next, timeText));
          })}
        />
        <TimeInput
          id={`${id}-time`}
          label={words.time}
          language={language}
          text={timeText}
          {...partEvents('time', timeText, (next) => {
            setTimeText(next);
            onChange?.(combined(dateText_, next));
          })}
        />
      </div>
      {name && <input type="hidden" name={name} value={combined(dateText_, timeText)} />}
      {(['date', 'time'] as const).map(
        (part) =>
          problems[part] && (
            <span key={part} className="field-error" id={`${id}-${part}-problem`} role="alert">
              {problems[part]}
            </span>
          ),
      )}
      {!problem && error && !errorId && (
        <span className="field-error" id={`${id}-problem`} role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
