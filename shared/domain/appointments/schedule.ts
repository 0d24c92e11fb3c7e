/**
 * Who is busy when. Each participant (client, assigned admin) has one schedule record per UTC day
 * listing the appointments that hold their time that day. Booking reads the records, checks here,
 * and writes them back on the condition that nobody changed them since: double booking is
 * impossible, not just unlikely.
 */

export interface Hold {
  appointmentId: string;
  /** ISO instants. */
  start: string;
  end: string;
  /** How many appointments may overlap this one for this participant (a slot's maxAppointments). */
  capacity: number;
}

export interface Participation {
  ownerId: string;
  hold: Hold;
}

export const DAY_MS = 86_400_000;

/** The UTC dates ([start, end)) an interval touches. */
export function daysOf(start: string, end: string): string[] {
  const days: string[] = [];
  const last = Date.parse(end) - 1;
  for (let t = Math.floor(Date.parse(start) / DAY_MS) * DAY_MS; t <= last; t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

/** The largest number of `holds` running at the same instant inside `window`. */
function peakWithin(window: { start: string; end: string }, holds: Hold[]): number {
  const events: Array<[number, number]> = [];
  for (const hold of holds) {
    if (!overlaps(window, hold)) continue;
    events.push([Math.max(Date.parse(hold.start), Date.parse(window.start)), 1]);
    events.push([Math.min(Date.parse(hold.end), Date.parse(window.end)), -1]);
  }
  // Ends before starts at the same instant: back-to-back appointments do not overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, delta] of events) {
    running += delta;
    peak = Math.max(peak, running);
  }
  return peak;
}

/**
 * Whether `candidate` fits among a participant's existing holds: at every instant it covers, the
 * appointments running (itself included) must not exceed its capacity, nor the capacity of any
 * existing appointment it overlaps.
 */
export function fits(candidate: Hold, existing: Hold[]): boolean {
  const others = existing.filter((h) => h.appointmentId !== candidate.appointmentId && overlaps(h, candidate));
  if (others.length === 0) return true;
  const limit = Math.min(candidate.capacity, ...others.map((h) => h.capacity));
  return peakWithin(candidate, others) + 1 <= limit;
}

/** The participants whose time an appointment holds, given its state. */
export function participationsOf(appointment: {
  id: string;
  userId: string;
  assignedAdminId?: string;
  startTime: string;
  endTime: string;
  adminCapacity?: number;
}): Participation[] {
  const base = { appointmentId: appointment.id, start: appointment.startTime, end: appointment.endTime };
  const result: Participation[] = [{ ownerId: appointment.userId, hold: { ...base, capacity: 1 } }];
  if (appointment.assignedAdminId && appointment.assignedAdminId !== appointment.userId) {
    result.push({ ownerId: appointment.assignedAdminId, hold: { ...base, capacity: appointment.adminCapacity ?? 1 } });
  }
  return result;
}

