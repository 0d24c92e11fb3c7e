/**
 * Brute-force availability, used only by tests as the oracle for the engine. It walks the range
 * minute by minute and, for each minute, asks every window of every admin whether a slot starts
 * there, checking every appointment, busy block and exception by plain scans. It is slow on
 * purpose and shares nothing with the engine except the wall-clock → instant conversion.
 */
import type { AvailabilityInput, GovernedSlot, WeeklySlot } from './types.ts';
import { wallClockToInstant, zoneOffset } from './wall-clock.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const epochDayOf = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;

export function referenceAvailability(input: AvailabilityInput): GovernedSlot[] {
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const now = Date.parse(input.now);
  const product = input.product;
  const found = new Map<string, GovernedSlot & { start: number; end: number }>();

  for (const admin of input.admins) {
    if (input.adminId !== undefined && admin.id !== input.adminId) continue;
    const offsetAt = zoneOffset(admin.timezone);
    const at = (date: string, time: string) => wallClockToInstant(epochDayOf(date), minutesOf(time), offsetAt);

    const slots = input.slots.filter((slot) => slot.userId === admin.id && slot.isActive && (!product || !slot.productId || slot.productId === product.id));
    const exceptions = input.exceptions.filter((exception) => exception.userId === admin.id);
    // The slot lending its rules to an extra window: that weekday's slots covering its start, else
    // all; the earliest created among them, then the smallest id.
    const lender = (weekday: number, start: string): WeeklySlot | undefined => {
      const covering = slots.filter((slot) => slot.dayOfWeek === weekday && minutesOf(slot.startTime) <= minutesOf(start) && minutesOf(start) < minutesOf(slot.endTime));
      return [...(covering.length ? covering : slots)].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
    };

    // The offsets in force around a date (cached); a wall time is an instant under one of them
    // exactly when the zone really has that offset at that instant.
    const offsetCache = new Map<number, number>();
    const offsetOf = (t: number) => {
      let offset = offsetCache.get(t);
      if (offset === undefined) offsetCache.set(t, (offset = offsetAt(t)));
      return offset;
    };
    const nearCache = new Map<number, number[]>();
    const offsetsNear = (day: number) => {
      let offsets = nearCache.get(day);
      // The day before and two days after cover the date's local span in any zone (±14 h); no
      // zone changes offset twice within those three days.
      if (!offsets) nearCache.set(day, (offsets = [...new Set([offsetOf((day - 1) * DAY), offsetOf((day + 2) * DAY)])]));
      return offsets;
    };
    /** Every instant at which the clock reads `minute` on `day` (none, one or two). */
    // (One offset seen all around the date: the zone keeps it, nothing to check.)
    const holds = (day: number, offset: number, t: number) => offsetsNear(day).length === 1 || offsetOf(t) === offset;
    const readingsOf = (day: number, minute: number) =>
      offsetsNear(day)
        .map((offset) => ({ offset, t: day * DAY + (minute - offset) * MINUTE }))
        .filter(({ offset, t }) => holds(day, offset, t))
        .map(({ t }) => t)
        .sort((a, b) => a - b);
    /**
     * A window's starts: every occurrence of its local grid times (from + k × length), in time
     * order, that starts in the window, ends by its end and does not start inside the previous one.
     */
    const gridOf = (day: number, fromTime: string, toTime: string, start: number, end: number, minutes: number) => {
      const grid: number[] = [];
      for (let minute = minutesOf(fromTime); minute < minutesOf(toTime); minute += minutes) grid.push(...readingsOf(day, minute));
      grid.sort((a, b) => a - b);
      const starts = new Set<number>();
      let previousEnd = -Infinity;
      for (const t of grid) {
        if (t < start || t < previousEnd || t + minutes * MINUTE > end) continue;
        starts.add(t);
        previousEnd = t + minutes * MINUTE;
      }
      return starts;
    };

    // Every window of every date near the range; windows of a fully blocked date are left out.
    const windows: Array<{ start: number; end: number; minutes: number; bufferBefore: number; bufferAfter: number; capacity: number; starts: Set<number> }> = [];
    for (let day = Math.floor(from / DAY) - 2; day <= Math.floor(to / DAY) + 2; day++) {
      const date = new Date(day * DAY).toISOString().slice(0, 10);
      const weekday = new Date(day * DAY).getUTCDay();
      const todays = exceptions.filter((exception) => exception.date === date);
      if (todays.some((exception) => !exception.isAvailable && (exception.startTime === undefined || exception.endTime === undefined))) continue;
      for (const slot of slots) {
        if (slot.dayOfWeek !== weekday) continue;
        const [start, end, minutes] = [at(date, slot.startTime), at(date, slot.endTime), product ? product.durationMinutes : slot.duration];
        windows.push({
          start,
          end,
          minutes,
          bufferBefore: slot.bufferBefore,
          bufferAfter: slot.bufferAfter,
          capacity: slot.maxAppointments,
          starts: gridOf(day, slot.startTime, slot.endTime, start, end, minutes),
        });
      }
      for (const exception of todays) {
        if (!exception.isAvailable || exception.startTime === undefined || exception.endTime === undefined) continue;
        const first = lender(weekday, exception.startTime);
        const [start, end, minutes] = [at(date, exception.startTime), at(date, exception.endTime), product ? product.durationMinutes : first ? first.duration : 60];
        windows.push({
          start,
          end,
          minutes,
          bufferBefore: first ? first.bufferBefore : 0,
          bufferAfter: first ? first.bufferAfter : 0,
          capacity: first ? first.maxAppointments : 1,
          starts: gridOf(day, exception.startTime, exception.endTime, start, end, minutes),
        });
      }
    }

    // Time off with times: every instant whose clock reading on that date is within them (both
    // passes of a repeated hour), as 5-minute pieces (the generated times and the tested zones'
    // changes are all on that grid).
    const blocks: Array<{ start: number; end: number }> = [];
    for (const e of exceptions) {
      if (e.isAvailable || e.startTime === undefined || e.endTime === undefined) continue;
      const day = epochDayOf(e.date);
      const [fromMinute, toMinute] = [minutesOf(e.startTime), minutesOf(e.endTime)];
      for (const offset of offsetsNear(day)) {
        for (let minute = fromMinute; minute < toMinute; minute += 5) {
          const t = day * DAY + (minute - offset) * MINUTE;
          if (holds(day, offset, t)) blocks.push({ start: t, end: t + 5 * MINUTE });
        }
      }
    }
    const busy = input.busy
      .filter((block) => block.ownerId === admin.id)
      .map((block) => ({ start: Date.parse(block.startTime), end: Date.parse(block.endTime) }))
      .filter((block) => block.end >= block.start);
    const booked = input.appointments
      .filter((a) => (a.status === 'pending' || a.status === 'confirmed') && a.assignedAdminId === admin.id)
      .map((a) => ({ start: Date.parse(a.startTime), end: Date.parse(a.endTime), before: (a.bufferBefore ?? 0) * MINUTE, after: (a.bufferAfter ?? 0) * MINUTE }))
      .filter((a) => a.end >= a.start);

    for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
      if (t < now + input.minimumNoticeMinutes * MINUTE) continue;
      if (t >= now + input.horizonDays * DAY) continue;
      for (const w of windows) {
        const length = w.minutes * MINUTE;
        if (!w.starts.has(t)) continue;
        const e = t + length;
        const before = w.bufferBefore * MINUTE;
        const after = w.bufferAfter * MINUTE;
        if (blocks.some((b) => t < b.end && e > b.start)) continue;
        // The candidate's own buffers must be free, and the window's buffers apply around
        // everything else: whatever ends less than either buffer before it or starts less than
        // either buffer after it is in the way. So is an appointment whose own buffer reaches it.
        if (busy.some((b) => (t < b.end + after && e > b.start - before) || (t - before < b.end && e + after > b.start))) continue;
        // Capacity counts appointments in progress at the same instant of [t, e), each widened on
        // both sides by the larger of its own buffer and the window's larger buffer. The count is
        // a step function that only rises at t or at a widened start, so those instants suffice.
        const margin = Math.max(before, after);
        const widened = booked.map((a) => ({ start: a.start - Math.max(a.before, margin), end: a.end + Math.max(a.after, margin) }));
        const inProgressAt = (x: number) => widened.filter((a) => a.start <= x && x < a.end).length;
        const peak = Math.max(0, ...[t, ...widened.map((a) => a.start).filter((x) => t < x && x < e)].map(inProgressAt));
        const remaining = w.capacity - peak;
        if (remaining <= 0) continue;
        const key = `${admin.id}|${t}|${e}`;
        const kept = found.get(key);
        // Among windows offering the same slot: larger capacity, then larger remaining, then larger buffers.
        const rank = (x: { capacity: number; remaining: number; bufferBefore: number; bufferAfter: number }) => [
          x.capacity,
          x.remaining,
          Math.max(x.bufferBefore, x.bufferAfter),
          x.bufferBefore,
          x.bufferAfter,
        ];
        const candidate = { capacity: w.capacity, remaining, bufferBefore: w.bufferBefore, bufferAfter: w.bufferAfter };
        if (kept) {
          const [k, c] = [rank(kept), rank(candidate)];
          const index = k.findIndex((value, i) => value !== c[i]);
          if (index === -1 || k[index]! > c[index]!) continue;
        }
        found.set(key, {
          start: t,
          end: e,
          startTime: new Date(t).toISOString(),
          endTime: new Date(e).toISOString(),
          adminId: admin.id,
          ...candidate,
        });
      }
    }
  }

  return [...found.values()]
    .sort((a, b) => a.start - b.start || (a.adminId < b.adminId ? -1 : a.adminId > b.adminId ? 1 : 0) || a.end - b.end)
    .map(({ start: _start, end: _end, ...slot }) => slot);
}
