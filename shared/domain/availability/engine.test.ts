import { describe, expect, it } from 'vitest';
import { computeAvailability, findSlot } from './engine.ts';
import type { AvailabilityException, AvailabilityInput, BookedInterval, WeeklySlot } from './types.ts';

// Monday 2026-06-01 in UTC, so that wall-clock times read as the instants.
function slot(over: Partial<WeeklySlot> = {}): WeeklySlot {
  return { id: 's1', userId: 'alice', dayOfWeek: 1, startTime: '09:00', endTime: '12:00', duration: 60, bufferBefore: 0, bufferAfter: 0, maxAppointments: 1, isActive: true, createdAt: '2026-01-01T00:00:00.000Z', ...over };
}

function input(over: Partial<AvailabilityInput> = {}): AvailabilityInput {
  return {
    from: '2026-06-01T00:00:00Z',
    to: '2026-06-02T00:00:00Z',
    now: '2026-05-25T00:00:00Z',
    minimumNoticeMinutes: 120,
    horizonDays: 90,
    admins: [{ id: 'alice', timezone: 'UTC' }],
    slots: [slot()],
    exceptions: [],
    appointments: [],
    busy: [],
    ...over,
  };
}

const booked = (start: string, end: string, over: Partial<BookedInterval> = {}): BookedInterval => ({
  assignedAdminId: 'alice',
  startTime: `2026-06-01T${start}:00Z`,
  endTime: `2026-06-01T${end}:00Z`,
  status: 'confirmed',
  ...over,
});

/** "HH:mm-HH:mm×remaining" per slot: compact enough to read a whole day at a glance. */
const show = (request: AvailabilityInput) =>
  computeAvailability(request).map((s) => `${s.startTime.slice(11, 16)}-${s.endTime.slice(11, 16)}×${s.remaining}${s.adminId === 'alice' ? '' : ` ${s.adminId}`}`);

describe('candidates', () => {
  it('steps by the slot duration from the window start; each must end within the window', () => {
    expect(show(input())).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
    expect(show(input({ slots: [slot({ endTime: '11:30' })] }))).toEqual(['09:00-10:00×1', '10:00-11:00×1']);
  });

  it('returns ISO instants in UTC with the admin and the remaining capacity', () => {
    expect(computeAvailability(input())[0]).toEqual({ startTime: '2026-06-01T09:00:00.000Z', endTime: '2026-06-01T10:00:00.000Z', adminId: 'alice', remaining: 1 });
  });

  it('counts only active slots of listed admins, on their weekday', () => {
    expect(show(input({ slots: [slot({ isActive: false })] }))).toEqual([]);
    expect(show(input({ slots: [slot({ userId: 'mallory' })] }))).toEqual([]);
    expect(show(input({ slots: [slot({ dayOfWeek: 2 })] }))).toEqual([]);
  });

  it('sorts by start, then admin', () => {
    const request = input({
      admins: [
        { id: 'bob', timezone: 'UTC' },
        { id: 'alice', timezone: 'UTC' },
      ],
      slots: [slot({ id: 'b', userId: 'bob', startTime: '10:00' }), slot()],
    });
    expect(show(request)).toEqual(['09:00-10:00×1', '10:00-11:00×1', '10:00-11:00×1 bob', '11:00-12:00×1', '11:00-12:00×1 bob']);
  });

  it('restricts to one admin when asked', () => {
    const admins = [
      { id: 'alice', timezone: 'UTC' },
      { id: 'bob', timezone: 'UTC' },
    ];
    const slots = [slot(), slot({ id: 'b', userId: 'bob' })];
    expect(show(input({ admins, slots, adminId: 'bob' }))).toEqual(['09:00-10:00×1 bob', '10:00-11:00×1 bob', '11:00-12:00×1 bob']);
    expect(show(input({ admins, slots, adminId: 'carol' }))).toEqual([]);
  });
});

describe('product', () => {
  const product = { id: 'p1', durationMinutes: 45 };

  it('uses the product duration as the slot length', () => {
    expect(show(input({ product }))).toEqual(['09:00-09:45×1', '09:45-10:30×1', '10:30-11:15×1', '11:15-12:00×1']);
  });

  it('keeps only slots for that product or for any product', () => {
    const slots = [slot({ id: 'mine', productId: 'p1', startTime: '09:00', endTime: '09:45' }), slot({ id: 'other', productId: 'p2', startTime: '10:00', endTime: '11:00' }), slot({ id: 'any', startTime: '14:00', endTime: '14:45' })];
    expect(show(input({ slots, product }))).toEqual(['09:00-09:45×1', '14:00-14:45×1']);
    // Without a product every slot counts, with its own duration.
    expect(show(input({ slots: slots.map((s) => ({ ...s, duration: 30 })) }))).toEqual(['09:00-09:30×1', '10:00-10:30×1', '10:30-11:00×1', '14:00-14:30×1']);
  });
});

describe('appointments and capacity', () => {
  it('maxAppointments 3 with 2 pending leaves 1', () => {
    const appointments = [booked('10:00', '11:00', { status: 'pending' }), booked('10:00', '11:00', { status: 'pending' })];
    expect(show(input({ slots: [slot({ maxAppointments: 3 })], appointments }))).toEqual(['09:00-10:00×3', '10:00-11:00×1', '11:00-12:00×3']);
  });

  it('a full slot is not offered', () => {
    const appointments = [booked('10:00', '11:00', { status: 'pending' }), booked('10:00', '11:00'), booked('10:30', '10:45')];
    expect(show(input({ slots: [slot({ maxAppointments: 3 })], appointments }))).toEqual(['09:00-10:00×3', '11:00-12:00×3']);
  });

  it('cancelled, completed and no-show appointments hold nothing', () => {
    const appointments = (['cancelled', 'completed', 'no_show'] as const).map((status) => booked('10:00', '11:00', { status }));
    expect(show(input({ appointments }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
  });

  it('unassigned appointments and other admins’ appointments hold nothing', () => {
    const appointments = [booked('10:00', '11:00', { assignedAdminId: undefined }), booked('11:00', '12:00', { assignedAdminId: 'bob' })];
    expect(show(input({ appointments }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
  });

  it('touching is not overlapping', () => {
    expect(show(input({ appointments: [booked('08:00', '09:00'), booked('12:00', '13:00')] }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
  });

  it('capacity counts bookings in progress at the same instant, not every booking overlapping the slot', () => {
    // Capacity 2: 09:00-09:30 and 09:30-10:00 touch, so at most one person is booked at any instant.
    const slots = [slot({ maxAppointments: 2 })];
    const halves = [booked('09:00', '09:30'), booked('09:30', '10:00')];
    expect(show(input({ slots, appointments: halves }))).toEqual(['09:00-10:00×1', '10:00-11:00×2', '11:00-12:00×2']);
  });

  it('of three bookings, two simultaneous ones fill a capacity of 2 even though the third overlaps neither', () => {
    const slots = [slot({ maxAppointments: 2 })];
    // 10:00-10:20 and 10:10-10:30 overlap each other; 10:40-11:00 overlaps neither.
    const three = [booked('10:00', '10:20'), booked('10:10', '10:30'), booked('10:40', '11:00')];
    expect(show(input({ slots, appointments: three }))).toEqual(['09:00-10:00×2', '11:00-12:00×2']);
    // Without the simultaneous pair, at most one is in progress at a time: one place is left.
    expect(show(input({ slots, appointments: [three[0]!, three[2]!] }))).toEqual(['09:00-10:00×2', '10:00-11:00×1', '11:00-12:00×2']);
    // Capacity 3: the peak is 2, one place is left.
    expect(show(input({ slots: [slot({ maxAppointments: 3 })], appointments: three }))).toEqual(['09:00-10:00×3', '10:00-11:00×1', '11:00-12:00×3']);
  });

  it('buffers extend what is in progress: bookings touching in time become simultaneous within a buffer', () => {
    const halves = [booked('09:00', '09:30', { bufferAfter: 10 }), booked('09:30', '10:00', { bufferAfter: 10 })];
    // The first booking's own 10 minutes after it overlap the second booking (09:30-09:40); the
    // second one's reach into 10:00-11:00.
    expect(show(input({ slots: [slot({ maxAppointments: 2 })], appointments: halves }))).toEqual(['10:00-11:00×1', '11:00-12:00×2']);
    // Without own buffers, the window's buffer does it (each booking widened by the margin).
    const plain = [booked('09:00', '09:30'), booked('09:30', '10:00')];
    expect(show(input({ slots: [slot({ maxAppointments: 2, bufferBefore: 5 })], appointments: plain }))).toEqual(['10:00-11:00×1', '11:00-12:00×2']);
    // A gap longer than twice the margin: widened, they still do not meet, so one place is left.
    const apart = [booked('09:00', '09:20'), booked('09:40', '10:00')];
    expect(show(input({ slots: [slot({ maxAppointments: 2, bufferBefore: 5, bufferAfter: 5 })], appointments: apart }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×2']);
  });
});

describe('buffers', () => {
  it('bufferAfter keeps a slot clear after an earlier appointment ends', () => {
    const slots = [slot({ bufferAfter: 15 })];
    // 08:50 + 15 min reaches into the 09:00 slot; 08:45 + 15 min just touches it.
    expect(show(input({ slots, appointments: [booked('08:00', '08:50')] }))).toEqual(['10:00-11:00×1', '11:00-12:00×1']);
    expect(show(input({ slots, appointments: [booked('08:00', '08:45')] }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
  });

  it('bufferBefore keeps a slot clear before a later appointment starts', () => {
    const slots = [slot({ bufferBefore: 15 })];
    expect(show(input({ slots, appointments: [booked('12:10', '13:00')] }))).toEqual(['09:00-10:00×1', '10:00-11:00×1']);
    expect(show(input({ slots, appointments: [booked('12:15', '13:00')] }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
  });

  it('a candidate keeps its own buffers free too: neighbours of one window exclude each other whichever is booked first', () => {
    // 30-minute slots, 15 minutes after each appointment.
    const slots = [slot({ duration: 30, bufferAfter: 15 })];
    const all = ['09:00-09:30×1', '09:30-10:00×1', '10:00-10:30×1', '10:30-11:00×1', '11:00-11:30×1', '11:30-12:00×1'];
    expect(show(input({ slots }))).toEqual(all);
    const own = { bufferAfter: 15 };
    // 10:00 booked: 10:30 would start inside its buffer.
    expect(show(input({ slots, appointments: [booked('10:00', '10:30', own)] }))).toEqual(['09:00-09:30×1', '11:00-11:30×1', '11:30-12:00×1']);
    // 10:30 booked: 10:00's own buffer would run into it (the engine used to offer it).
    expect(show(input({ slots, appointments: [booked('10:30', '11:00', own)] }))).toEqual(['09:00-09:30×1', '09:30-10:00×1', '11:30-12:00×1']);
    // The same without the appointment's own buffers (placed without a slot): the window's margin applies both ways.
    expect(show(input({ slots, appointments: [booked('10:30', '11:00')] }))).toEqual(['09:00-09:30×1', '09:30-10:00×1', '11:30-12:00×1']);
  });

  it("an appointment's own buffers are kept free even from a window with smaller ones", () => {
    // Booked on another window with 45 minutes after it; this window has no buffers.
    const appointments = [booked('08:00', '09:00', { bufferAfter: 45 })];
    expect(show(input({ appointments }))).toEqual(['10:00-11:00×1', '11:00-12:00×1']);
    expect(show(input({ appointments: [booked('12:00', '13:00', { bufferBefore: 30 })] }))).toEqual(['09:00-10:00×1', '10:00-11:00×1']);
  });

  it('refuses malformed own buffers of an appointment', () => {
    expect(() => computeAvailability(input({ appointments: [booked('10:00', '11:00', { bufferAfter: -5 })] }))).toThrow(RangeError);
  });
});

describe('busy blocks', () => {
  it('hide an overlapping candidate whatever its capacity', () => {
    const busy = [{ ownerId: 'alice', startTime: '2026-06-01T10:30:00Z', endTime: '2026-06-01T10:45:00Z' }];
    expect(show(input({ slots: [slot({ maxAppointments: 5 })], busy }))).toEqual(['09:00-10:00×5', '11:00-12:00×5']);
  });

  it('apply the slot’s buffers', () => {
    const busy = [{ ownerId: 'alice', startTime: '2026-06-01T12:05:00Z', endTime: '2026-06-01T12:30:00Z' }];
    expect(show(input({ busy }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
    expect(show(input({ slots: [slot({ bufferBefore: 10 })], busy }))).toEqual(['09:00-10:00×1', '10:00-11:00×1']);
  });

  it('only block their owner', () => {
    const busy = [{ ownerId: 'bob', startTime: '2026-06-01T09:00:00Z', endTime: '2026-06-01T12:00:00Z' }];
    expect(show(input({ busy }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
  });
});

describe('notice, horizon and range', () => {
  it('minimum notice: start ≥ now + notice', () => {
    expect(show(input({ now: '2026-06-01T07:00:00Z' }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
    expect(show(input({ now: '2026-06-01T07:00:01Z' }))).toEqual(['10:00-11:00×1', '11:00-12:00×1']);
  });

  it('horizon: start < now + horizonDays days', () => {
    expect(show(input({ now: '2026-05-02T10:00:00Z', horizonDays: 30 }))).toEqual(['09:00-10:00×1']);
  });

  it('range: start in [from, to)', () => {
    expect(show(input({ from: '2026-06-01T10:00:00Z', to: '2026-06-01T11:00:00Z' }))).toEqual(['10:00-11:00×1']);
    expect(show(input({ from: '2026-06-01T10:00:30Z' }))).toEqual(['11:00-12:00×1']);
    // A slot may end after `to`: only its start has to be in range.
    expect(show(input({ to: '2026-06-01T11:30:00Z' }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
  });
});

describe('overlapping windows of one admin', () => {
  it('offer each slot once, with the larger capacity', () => {
    const slots = [slot(), slot({ id: 's2', startTime: '10:00', endTime: '13:00', maxAppointments: 2 })];
    expect(show(input({ slots }))).toEqual(['09:00-10:00×1', '10:00-11:00×2', '11:00-12:00×2', '12:00-13:00×2']);
  });

  it('a slot full under one window can still be offered under the other', () => {
    // The 10:00 appointment fills the capacity-1 window; the capacity-2 window still has a place.
    const slots = [slot({ maxAppointments: 1 }), slot({ id: 's2', maxAppointments: 2 })];
    expect(show(input({ slots, appointments: [booked('10:00', '11:00')] }))).toEqual(['09:00-10:00×2', '10:00-11:00×1', '11:00-12:00×2']);
  });
});

describe('exceptions', () => {
  const exception = (over: Partial<AvailabilityException>): AvailabilityException => ({ userId: 'alice', date: '2026-06-01', isAvailable: false, ...over });

  it('isAvailable=false without times blocks the whole date', () => {
    expect(show(input({ exceptions: [exception({})] }))).toEqual([]);
    expect(show(input({ exceptions: [exception({ date: '2026-06-02' })] }))).toHaveLength(3);
  });

  it('isAvailable=false with times blocks only candidates overlapping that part', () => {
    expect(show(input({ exceptions: [exception({ startTime: '10:30', endTime: '11:00' })] }))).toEqual(['09:00-10:00×1', '11:00-12:00×1']);
  });

  it('isAvailable=true with times adds a window with the rules of the weekly slot of that day covering its start', () => {
    // The extra hour starts at 11:00, inside Monday's 09:00-12:00 window: Monday's rules, although
    // Sunday's slot (30 minutes, capacity 4) was created first.
    const slots = [slot({ createdAt: '2026-01-02T00:00:00.000Z' }), slot({ id: 'sun', dayOfWeek: 0, startTime: '14:00', endTime: '15:00', duration: 30, maxAppointments: 4 })];
    const extra = exception({ isAvailable: true, startTime: '11:00', endTime: '13:00' });
    expect(show(input({ slots, exceptions: [extra] }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1', '12:00-13:00×1']);
  });

  it('an extra window covered by no weekly slot of its day takes the rules of the earliest created slot', () => {
    // Monday's window ends at 12:00: 15:00 is covered by none, and Sunday's slot is the older.
    const slots = [slot({ createdAt: '2026-01-02T00:00:00.000Z' }), slot({ id: 'sun', dayOfWeek: 0, startTime: '14:00', endTime: '15:00', duration: 30, maxAppointments: 4 })];
    const exceptions = [exception({ isAvailable: true, startTime: '15:00', endTime: '16:00' })];
    expect(show(input({ slots, exceptions }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1', '15:00-15:30×4', '15:30-16:00×4']);
  });

  it('two tied slots: the earliest created governs an extra window, whatever the order of their ids or of the input', () => {
    // Both Monday windows (one per product, so they may overlap) cover 12:30. Ids sort the other
    // way round from creation: a rule by id, or by input order, would give capacity 3.
    const older = slot({ id: 'zz-older', startTime: '12:00', endTime: '14:00', productId: 'p1', maxAppointments: 2, createdAt: '2026-01-01T08:00:00.000Z' });
    const newer = slot({ id: 'aa-newer', startTime: '12:00', endTime: '14:00', productId: 'p2', maxAppointments: 3, createdAt: '2026-01-01T09:00:00.000Z' });
    const exceptions = [exception({ isAvailable: true, startTime: '12:30', endTime: '13:30' })];
    for (const slots of [[older, newer], [newer, older]]) {
      const extra = computeAvailability(input({ slots, exceptions })).filter((s) => s.startTime === '2026-06-01T12:30:00.000Z');
      expect(extra).toEqual([{ startTime: '2026-06-01T12:30:00.000Z', endTime: '2026-06-01T13:30:00.000Z', adminId: 'alice', remaining: 2 }]);
    }
    // Created at the same instant (say, an import): then by id, as a last resort.
    const sameInstant = { createdAt: '2026-01-01T08:00:00.000Z' };
    const extra = computeAvailability(input({ slots: [{ ...older, ...sameInstant }, { ...newer, ...sameInstant }], exceptions })).find((s) => s.startTime === '2026-06-01T12:30:00.000Z');
    expect(extra?.remaining).toBe(3);
  });

  it('an extra window without any weekly slot: 60 minutes (or the product’s), no buffers, capacity 1', () => {
    const exceptions = [exception({ isAvailable: true, startTime: '15:00', endTime: '17:00' })];
    expect(show(input({ slots: [], exceptions }))).toEqual(['15:00-16:00×1', '16:00-17:00×1']);
    expect(show(input({ slots: [], exceptions, product: { id: 'p1', durationMinutes: 40 } }))).toEqual(['15:00-15:40×1', '15:40-16:20×1', '16:20-17:00×1']);
  });

  it('a block wins over an extra window on the same date; other admins’ exceptions do nothing', () => {
    const extra = exception({ isAvailable: true, startTime: '15:00', endTime: '16:00' });
    expect(show(input({ exceptions: [extra, exception({})] }))).toEqual([]);
    expect(show(input({ exceptions: [exception({ userId: 'bob' })] }))).toHaveLength(3);
  });

  it('isAvailable=true without times changes nothing', () => {
    expect(show(input({ exceptions: [exception({ isAvailable: true })] }))).toEqual(['09:00-10:00×1', '10:00-11:00×1', '11:00-12:00×1']);
  });
});

describe('findSlot', () => {
  it('returns the offered slot at exactly that start, with the capacity that applies', () => {
    const request = input({ slots: [slot({ maxAppointments: 3 })], appointments: [booked('10:00', '11:00')] });
    expect(findSlot(request, '2026-06-01T10:00:00Z')).toEqual({ startTime: '2026-06-01T10:00:00.000Z', endTime: '2026-06-01T11:00:00.000Z', adminId: 'alice', remaining: 2, capacity: 3, bufferBefore: 0, bufferAfter: 0 });
    expect(findSlot(request, '2026-06-01T10:00:00.000+00:00', 'alice')?.remaining).toBe(2);
    // The window's buffers come with it: a booking of the slot holds the admin's time with them.
    expect(findSlot(input({ slots: [slot({ bufferBefore: 5, bufferAfter: 10 })] }), '2026-06-01T10:00:00Z')).toMatchObject({ capacity: 1, bufferBefore: 5, bufferAfter: 10 });
  });

  it('is undefined for a start that is not offered', () => {
    expect(findSlot(input(), '2026-06-01T09:30:00Z')).toBeUndefined();
    expect(findSlot(input({ appointments: [booked('10:00', '11:00')] }), '2026-06-01T10:00:00Z')).toBeUndefined();
    expect(findSlot(input(), '2026-06-01T10:00:00Z', 'bob')).toBeUndefined();
    expect(findSlot(input(), 'not a date')).toBeUndefined();
    // Within the notice period.
    expect(findSlot(input({ now: '2026-06-01T08:00:00Z' }), '2026-06-01T09:00:00Z')).toBeUndefined();
  });

  it('ignores the input’s from/to: the question is about one start', () => {
    expect(findSlot(input({ from: '2026-07-01T00:00:00Z', to: '2026-07-02T00:00:00Z' }), '2026-06-01T11:00:00Z')?.startTime).toBe('2026-06-01T11:00:00.000Z');
  });

  it('picks the first admin in order when none is named', () => {
    const request = input({
      admins: [
        { id: 'bob', timezone: 'UTC' },
        { id: 'alice', timezone: 'UTC' },
      ],
      slots: [slot({ id: 'b', userId: 'bob' }), slot()],
    });
    expect(findSlot(request, '2026-06-01T09:00:00Z')?.adminId).toBe('alice');
    expect(findSlot(request, '2026-06-01T09:00:00Z', 'bob')?.adminId).toBe('bob');
  });
});

describe('input errors are reported, not turned into an empty calendar', () => {
  it('throws on an unknown zone, a malformed time or a zero length', () => {
    expect(() => computeAvailability(input({ admins: [{ id: 'alice', timezone: 'Europe/Atlantis' }] }))).toThrow(/time zone/);
    expect(() => computeAvailability(input({ slots: [slot({ startTime: '9h' })] }))).toThrow(/HH:mm/);
    expect(() => computeAvailability(input({ slots: [slot({ duration: 0 })] }))).toThrow(/positive whole number/);
    expect(() => computeAvailability(input({ product: { id: 'p', durationMinutes: 0 } }))).toThrow(/positive whole number/);
    expect(() => computeAvailability(input({ now: '2026-06-01T07:00:00' }))).toThrow(/zone/);
  });
});
