import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAvailability, computeGovernedSlots, findSlot } from './engine.ts';
import { referenceAvailability } from './reference.ts';
import type { AvailabilityInput } from './types.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
/** Every 2026 DST change of the zones above, so that most runs straddle one. */
const DST_DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01'].map((date) => Date.parse(`${date}T00:00:00Z`));
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const ADMINS = ['admin-a', 'admin-b'];

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** Wall-clock ranges on a 5-minute grid, half of them in the small hours where DST happens. */
const wallRange = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 287 })), fc.integer({ min: 6, max: 144 }))
  .map(([start, span]) => ({ startTime: hhmm(start * 5), endTime: hhmm(Math.min(288, start + span) * 5) }));

function scenario() {
  // Unbiased: fast-check's bias towards small integers would pile every window and appointment
  // onto the first minutes of the range. Boundaries are covered by the hand-written tests.
  return fc
    .noBias(fc.record({
      base: fc.oneof(fc.constantFrom(...DST_DAYS), fc.integer({ min: 0, max: 364 }).map((d) => YEAR_START + d * DAY)),
      fromShift: fc.integer({ min: -30 * 60, max: 30 * 60 }),
      fromSeconds: fc.constantFrom(0, 0, 0, 17),
      rangeMinutes: fc.integer({ min: 24 * 60, max: 3 * 24 * 60 }),
      nowShift: fc.oneof(fc.integer({ min: -DAY, max: 0 }), fc.integer({ min: -3 * DAY, max: DAY })),
      minimumNoticeMinutes: fc.constantFrom(0, 0, 30, 120, 1440),
      horizonDays: fc.constantFrom(1, 2, 3, 90),
      zones: fc.tuple(fc.constantFrom(...ZONES), fc.constantFrom(...ZONES)),
      adminCount: fc.integer({ min: 1, max: 2 }),
      adminFilter: fc.constantFrom(undefined, undefined, undefined, undefined, 0, 0, 1, 'admin-ghost'),
      product: fc.option(fc.record({ id: fc.constantFrom('p1', 'p2'), durationMinutes: fc.constantFrom(15, 30, 45, 60) }), { nil: undefined }),
      slots: fc.array(
        fc.record({
          userId: fc.constantFrom('admin-a', 'admin-a', 'admin-a', 'admin-b', 'admin-b', 'admin-ghost'),
          productId: fc.constantFrom(undefined, undefined, 'p1', 'p2'),
          // Mostly a weekday of the range (a day offset from the range's first UTC date), else any.
          day: fc.oneof(
            { arbitrary: fc.integer({ min: 0, max: 2 }).map((shift) => ({ shift })), weight: 4 },
            { arbitrary: fc.integer({ min: 0, max: 6 }).map((dayOfWeek) => ({ dayOfWeek })), weight: 1 },
          ),
          range: wallRange,
          duration: fc.constantFrom(15, 20, 30, 45, 60, 90, 7),
          bufferBefore: fc.constantFrom(0, 0, 5, 10, 15, 30),
          bufferAfter: fc.constantFrom(0, 0, 5, 10, 15, 30),
          maxAppointments: fc.constantFrom(0, 1, 1, 1, 2, 2, 3, 3),
          isActive: fc.constantFrom(true, true, true, true, true, false),
          // Few distinct instants, so that ties between slots (broken by id) are common.
          createdAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2025-12-31T12:00:00.000Z', '2026-02-01T00:00:00.000Z'),
          // A copy of the slot with other capacity and buffers exercises the dedupe rule.
          twin: fc.option(fc.record({ maxAppointments: fc.integer({ min: 0, max: 3 }), bufferAfter: fc.constantFrom(0, 10) }), { nil: undefined }),
        }),
        { minLength: 2, maxLength: 8, size: 'max' },
      ),
      exceptions: fc.array(
        fc.record({
          userId: fc.constantFrom('admin-a', 'admin-b'),
          dayShift: fc.integer({ min: -1, max: 3 }),
          isAvailable: fc.boolean(),
          range: fc.option(wallRange, { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
      appointments: fc.array(
        fc.record({
          assignedAdminId: fc.constantFrom('admin-a', 'admin-a', 'admin-b', undefined, 'someone-else'),
          start: fc.integer({ min: -24 * 12, max: 4 * 24 * 12 }),
          minutes: fc.constantFrom(0, 15, 30, 45, 60, 90),
          status: fc.constantFrom('pending', 'confirmed', 'cancelled', 'completed', 'no_show'),
          // The buffers of the window an appointment was booked on (none when placed without a slot).
          buffers: fc.option(fc.record({ bufferBefore: fc.constantFrom(0, 5, 30), bufferAfter: fc.constantFrom(0, 15, 45) }), { nil: undefined }),
        }),
        { maxLength: 20, size: 'max' },
      ),
      busy: fc.array(
        fc.record({ ownerId: fc.constantFrom('admin-a', 'admin-b', 'someone-else'), start: fc.integer({ min: -24 * 12, max: 4 * 24 * 12 }), minutes: fc.constantFrom(5, 30, 60, 180) }),
        { maxLength: 6, size: 'max' },
      ),
    }))
    .map((s): AvailabilityInput => {
      const from = s.base + s.fromShift * MINUTE + s.fromSeconds * 1000;
      return {
        from: iso(from),
        to: iso(from + s.rangeMinutes * MINUTE),
        now: iso(from + s.nowShift),
        minimumNoticeMinutes: s.minimumNoticeMinutes,
        horizonDays: s.horizonDays,
        admins: ADMINS.slice(0, s.adminCount).map((id, i) => ({ id, timezone: s.zones[i]! })),
        adminId: typeof s.adminFilter === 'number' ? ADMINS[s.adminFilter % s.adminCount] : s.adminFilter,
        product: s.product,
        slots: s.slots.flatMap(({ range, twin, day, ...slot }, i) => {
          const dayOfWeek = 'shift' in day ? new Date(s.base + (Math.floor(s.fromShift / 1440) + day.shift) * DAY).getUTCDay() : day.dayOfWeek;
          const base = { ...slot, ...range, dayOfWeek, id: `slot-${i}` };
          return twin ? [base, { ...base, ...twin, id: `slot-${i}-twin` }] : [base];
        }),
        exceptions: s.exceptions.map(({ dayShift, range, ...exception }) => ({
          ...exception,
          ...range,
          date: iso(s.base + (Math.floor(s.fromShift / 1440) + dayShift) * DAY).slice(0, 10),
        })),
        appointments: s.appointments.map(({ start, minutes, buffers, ...appointment }) => ({
          ...appointment,
          ...buffers,
          startTime: iso(s.base + start * 5 * MINUTE),
          endTime: iso(s.base + start * 5 * MINUTE + minutes * MINUTE),
        })),
        busy: s.busy.map(({ start, minutes, ownerId }) => ({ ownerId, startTime: iso(s.base + start * 5 * MINUTE), endTime: iso(s.base + start * 5 * MINUTE + minutes * MINUTE) })),
      };
    });
}

describe('engine against the brute-force reference', () => {
  it('offers exactly the slots the reference finds, with the same remaining and capacity', () => {
    const runs = 500;
    let nonEmpty = 0;
    fc.assert(
      fc.property(scenario(), (input) => {
        const expected = referenceAvailability(input);
        if (expected.length > 0) nonEmpty++;
        expect(computeGovernedSlots(input)).toEqual(expected);
        expect(computeAvailability(input)).toEqual(expected.map(({ capacity: _c, bufferBefore: _b, bufferAfter: _a, ...slot }) => slot));
      }),
      { numRuns: runs, seed: 20260329 },
    );
    // Guards the generator: a property over empty results would prove nothing.
    expect(nonEmpty).toBeGreaterThan(runs * 0.4);
  });

  it('findSlot answers for one start exactly as the reference does', () => {
    fc.assert(
      fc.property(scenario(), fc.nat(), fc.constantFrom(undefined, 'admin-a', 'admin-b'), (input, pick, adminId) => {
        const offered = referenceAvailability(input);
        const from = Date.parse(input.from);
        // Half the time an offered start, otherwise any minute of the range.
        const start =
          offered.length > 0 && pick % 2 === 0
            ? Date.parse(offered[pick % offered.length]!.startTime)
            : Math.ceil(from / MINUTE) * MINUTE + (pick % Math.max(1, Math.floor((Date.parse(input.to) - from) / MINUTE))) * MINUTE;
        const [expected] = referenceAvailability({ ...input, from: iso(start), to: iso(start + 1), adminId: adminId ?? input.adminId });
        const consistent = adminId === undefined || input.adminId === undefined || adminId === input.adminId;
        expect(findSlot(input, iso(start), adminId)).toEqual(consistent ? expected : undefined);
      }),
      { numRuns: 200, seed: 20261025 },
    );
  });
});
