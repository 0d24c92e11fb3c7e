import type { AppointmentStatus, AppointmentType } from '../vocabulary.ts';

/** The seed's statistics for one month, kept as counters updated with every write. */
export interface MonthStats {
  total: number;
  pending: number;
  confirmed: number;
  completed: number;
  cancelled: number;
  noShow: number;
  paidAppointments: number;
  unpaidAppointments: number;
  /** Cents of paid appointments that are paid. */
  totalRevenue: number;
  /** Cents of paid appointments still to be paid (not cancelled). */
  unpaidAmount: number;
}

export const EMPTY_STATS: MonthStats = {
  total: 0,
  pending: 0,
  confirmed: 0,
  completed: 0,
  cancelled: 0,
  noShow: 0,
  paidAppointments: 0,
  unpaidAppointments: 0,
  totalRevenue: 0,
  unpaidAmount: 0,
};

const STATUS_FIELD: Record<AppointmentStatus, keyof MonthStats> = {
  pending: 'pending',
  confirmed: 'confirmed',
  completed: 'completed',
  cancelled: 'cancelled',
  no_show: 'noShow',
};

/** What one appointment adds to its month's statistics. */
export function contribution(a: { status: AppointmentStatus; type: AppointmentType; price: number; isPaid: boolean }): MonthStats {
  const stats: MonthStats = { ...EMPTY_STATS, total: 1, [STATUS_FIELD[a.status]]: 1 };
  if (a.type === 'paid') {
    if (a.isPaid) {
      stats.paidAppointments = 1;
      stats.totalRevenue = a.price;
    } else if (a.status !== 'cancelled') {
      stats.unpaidAppointments = 1;
      stats.unpaidAmount = a.price;
    }
  }
  return stats;
}

export function subtract(a: MonthStats, b: MonthStats): MonthStats {
  return Object.fromEntries(Object.keys(EMPTY_STATS).map((k) => [k, a[k as keyof MonthStats] - b[k as keyof MonthStats]])) as unknown as MonthStats;
}

export function add(a: MonthStats, b: MonthStats): MonthStats {
  return subtract(a, subtract(EMPTY_STATS, b));
}

export const isZero = (s: MonthStats) => Object.values(s).every((v) => v === 0);

/** The month (YYYY-MM) an instant falls in, in the business's time zone. */
export function monthOf(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(instant));
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

type Counted = Parameters<typeof contribution>[0] & { startTime: string };

/** Each month's change in statistics (months in `timeZone`) caused by replacing `before` with `after`; months left unchanged are absent. */
export function monthDeltas(before: Counted | undefined, after: Counted | undefined, timeZone: string): Map<string, MonthStats> {
  const deltas = new Map<string, MonthStats>();
  const apply = (a: Counted | undefined, sign: 1 | -1) => {
    if (!a) return;
    const month = monthOf(a.startTime, timeZone);
    const part = contribution(a);
    const current = deltas.get(month) ?? EMPTY_STATS;
    deltas.set(month, sign === 1 ? add(current, part) : subtract(current, part));
  };
  apply(before, -1);
  apply(after, 1);
  for (const [month, delta] of deltas) if (isZero(delta)) deltas.delete(month);
  return deltas;
}
