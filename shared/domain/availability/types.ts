/**
 * The availability engine's plain-data contract. Inputs are what the API handler reads from the
 * table (slots, exceptions, appointments, busy blocks, admin profiles); the output is what a
 * client may book. Instants are ISO 8601 strings in UTC; wall-clock times are HH:mm in the admin's
 * profile time zone.
 */
import type { AppointmentStatus } from '../vocabulary.ts';

export interface WeeklySlot {
  id: string;
  /** The admin who owns the window. */
  userId: string;
  productId?: string;
  /** 0 = Sunday … 6 = Saturday, in the admin's time zone. */
  dayOfWeek: number;
  /** HH:mm wall-clock; endTime may be 24:00 (end of the day). */
  startTime: string;
  endTime: string;
  /** Minutes. */
  duration: number;
  bufferBefore: number;
  bufferAfter: number;
  maxAppointments: number;
  isActive: boolean;
  /**
   * ISO instant the slot was created: the tie-break when several slots could lend their rules to
   * an exception's extra window (weekly-windows.ts), so the choice never depends on random ids.
   */
  createdAt: string;
}

export interface AvailabilityException {
  userId: string;
  /** YYYY-MM-DD in the admin's time zone. */
  date: string;
  isAvailable: boolean;
  startTime?: string;
  endTime?: string;
}

export interface BookedInterval {
  assignedAdminId?: string;
  startTime: string;
  endTime: string;
  status: AppointmentStatus;
  /**
   * Minutes the appointment itself keeps free before and after it: the buffers of the window it
   * was booked on (absent or 0 for an appointment placed without a slot).
   */
  bufferBefore?: number;
  bufferAfter?: number;
}

export interface BusyInterval {
  ownerId: string;
  startTime: string;
  endTime: string;
}

export interface AvailabilityInput {
  /** Slots whose start is in [from, to). */
  from: string;
  to: string;
  /** The engine never reads the clock: "now" is an input. */
  now: string;
  minimumNoticeMinutes: number;
  horizonDays: number;
  admins: Array<{ id: string; timezone: string }>;
  slots: WeeklySlot[];
  exceptions: AvailabilityException[];
  appointments: BookedInterval[];
  busy: BusyInterval[];
  /** When given: only slots for that product or for any product; slot length = product duration. */
  product?: { id: string; durationMinutes: number };
  /** Restrict to one admin. */
  adminId?: string;
}

export interface BookableSlot {
  startTime: string;
  endTime: string;
  adminId: string;
  remaining: number;
}

/**
 * A bookable slot with the capacity (maxAppointments) and the buffers (minutes) of the window that
 * governs it: what a booking of it holds the admin's time with.
 */
export type GovernedSlot = BookableSlot & { capacity: number; bufferBefore: number; bufferAfter: number };
