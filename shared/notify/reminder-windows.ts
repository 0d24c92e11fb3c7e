/** Appointments starting in (from, to] are due for the reminder `offsetMinutes` before them. */
export interface ReminderWindow {
  offsetMinutes: number;
  from: string;
  to: string;
}

const MINUTE = 60_000;

/**
 * The start-time ranges a reminder run at `now` covers (pure). A reminder is due from its time
 * (start − offset) until `windowMinutes` later, so a missed or late run still sends it; past
 * that, and for an appointment confirmed inside it, that reminder is skipped (the next, shorter
 * one follows). A window never reaches the next shorter offset's, nor past the start.
 */
export function reminderWindows(now: Date, offsetsMinutes: readonly number[], windowMinutes: number): ReminderWindow[] {
  const offsets = [...new Set(offsetsMinutes)].filter((o) => o > 0).sort((a, b) => b - a);
  return offsets.map((offset, i) => {
    const next = offsets[i + 1] ?? 0;
    const span = Math.min(windowMinutes, offset - next);
    return {
      offsetMinutes: offset,
      from: new Date(now.getTime() + (offset - span) * MINUTE).toISOString(),
      to: new Date(now.getTime() + offset * MINUTE).toISOString(),
    };
  });
}
