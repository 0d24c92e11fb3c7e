/**
 * `npx tsx bench/availability.ts`: median time of the availability engine (pure, in process) for
 * the target case — 90 days, one admin with 3 windows a day, 1,000 appointments, 500 busy blocks —
 * and how it grows with the span and the number of appointments. Prints markdown; writes nothing
 * (docs/BENCHMARKS.md belongs to `npm run bench`).
 */
import os from 'node:os';
import { computeAvailability } from '../shared/domain/availability/index.ts';
import type { AvailabilityInput, BookedInterval, WeeklySlot } from '../shared/domain/availability/index.ts';
import { random } from './util.ts';

const DAY = 86_400_000;
const FROM = Date.parse('2026-03-01T00:00:00Z'); // spans the Paris spring-forward change

function scenario(days: number, appointmentCount: number, busyCount: number): AvailabilityInput {
  const next = random(days * 100_003 + appointmentCount);
  const windows = [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
    ['18:00', '20:00'],
  ];
  const slots: WeeklySlot[] = [0, 1, 2, 3, 4, 5, 6].flatMap((dayOfWeek) =>
    windows.map(([startTime, endTime], i) => ({
      id: `slot-${dayOfWeek}-${i}`,
      userId: 'admin',
      dayOfWeek,
      startTime: startTime!,
      endTime: endTime!,
      duration: 30,
      bufferBefore: 10,
      bufferAfter: 5,
      maxAppointments: 2,
      isActive: true,
      createdAt: '2026-01-01T00:00:00.000Z',
    })),
  );
  const halfHourIn = () => FROM + Math.floor(next() * days * 48) * 1_800_000;
  const statuses: BookedInterval['status'][] = ['pending', 'confirmed', 'confirmed', 'cancelled', 'completed'];
  const appointments = Array.from({ length: appointmentCount }, (): BookedInterval => {
    const start = halfHourIn();
    return { assignedAdminId: 'admin', startTime: new Date(start).toISOString(), endTime: new Date(start + 1_800_000).toISOString(), status: statuses[Math.floor(next() * statuses.length)]! };
  });
  const busy = Array.from({ length: busyCount }, () => {
    const start = halfHourIn();
    return { ownerId: 'admin', startTime: new Date(start).toISOString(), endTime: new Date(start + (1 + Math.floor(next() * 4)) * 900_000).toISOString() };
  });
  return {
    from: new Date(FROM).toISOString(),
    to: new Date(FROM + days * DAY).toISOString(),
    now: new Date(FROM - DAY).toISOString(),
    minimumNoticeMinutes: 120,
    horizonDays: days + 2,
    admins: [{ id: 'admin', timezone: 'Europe/Paris' }],
    slots,
    exceptions: [{ userId: 'admin', date: '2026-03-10', isAvailable: false }],
    appointments,
    busy,
  };
}

/** Median of `runs` timed calls after a warm-up, so JIT compilation is not what gets measured. */
function median(input: AvailabilityInput, runs: number) {
  for (let i = 0; i < 5; i++) computeAvailability(input);
  const times: number[] = [];
  let slots = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    slots = computeAvailability(input).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, slots };
}

/** The engine's figures as markdown: the target case and how time grows with days × appointments. */
export function availabilityReport(): string {
  const target = median(scenario(90, 1_000, 500), 101);
  const sizes = [100, 1_000, 10_000];
  const rows = [30, 90, 365].map((days) => {
    const cells = sizes.map((count) => {
      const { ms, slots } = median(scenario(days, count, count / 2), count >= 10_000 || days >= 365 ? 21 : 51);
      return `${ms.toFixed(2)} ms (${slots} slots)`;
    });
    return `| ${days} days | ${cells.join(' | ')} |`;
  });
  return [
    `Target case (90 days, 1 admin × 3 windows/day, 1,000 appointments, 500 busy blocks): median **${target.ms.toFixed(2)} ms** (${target.slots} slots); target < 20 ms.`,
    '',
    '| span \\ appointments (busy = half) | 100 | 1,000 | 10,000 |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (process.argv[1]?.endsWith('availability.ts')) {
  console.log(`Availability engine — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}\n`);
  console.log(availabilityReport());
}
