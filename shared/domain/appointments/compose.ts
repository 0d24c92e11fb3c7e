import type { AppointmentStatus, AppointmentType } from '../vocabulary.ts';
import { orderedProposals, type ProposedTime } from './proposals.ts';

/** An appointment's fields as the rules see them (the stored item has the same shape). */
export interface AppointmentFields {
  id: string;
  userId: string;
  productId?: string;
  assignedAdminId?: string;
  title: string;
  description?: string;
  location?: string;
  meetingUrl?: string;
  startTime: string;
  endTime: string;
  /** A pending request's alternative times (its own time among them), each held until one is chosen: proposals.ts. */
  proposedTimes?: ProposedTime[];
  timezone: string;
  status: AppointmentStatus;
  type: AppointmentType;
  price: number;
  currency: string;
  isPaid: boolean;
  attendeeEmail?: string;
  attendeeName?: string;
  attendeePhone?: string;
  notes?: string;
  clientNote?: string;
  cancellationReason?: string;
  syncToCalendar: boolean;
  adminCapacity: number;
  /** The buffers (minutes) of the window a slot booking holds the admin's time with; absent otherwise. */
  bufferBefore?: number;
  bufferAfter?: number;
  createdBy: string;
  /** Who asked for the pending time when not its creator (see rules.ts `awaiting`). */
  requestedBy?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface NewAppointmentInput {
  title: string;
  description?: string;
  startTime: string;
  endTime: string;
  timezone?: string;
  location?: string;
  meetingUrl?: string;
  clientNote?: string;
  syncToCalendar?: boolean;
  type?: AppointmentType;
  price?: number;
  currency?: string;
  status?: AppointmentStatus;
  attendeeEmail?: string;
  attendeeName?: string;
  attendeePhone?: string;
  assignedAdminId?: string;
  notes?: string;
  productId?: string;
  proposedTimes?: ProposedTime[];
}

interface Person {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
}

const nameOf = (p: Person) => [p.firstName, p.lastName].filter(Boolean).join(' ') || undefined;

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;

/**
 * A new appointment. A client's is always a request: pending, free, price 0, whatever the body
 * says, and only the request fields count. An admin may set everything; the admin is assigned
 * unless the body names another admin. Attendee fields default from the owner's profile.
 */
export function composeAppointment(
  input: NewAppointmentInput,
  context: { id: string; now: string; actor: { id: string; isAdmin: boolean }; owner: Person; defaultTimezone: string; defaultCurrency: string },
): AppointmentFields {
  const { actor, owner } = context;
  const admin = actor.isAdmin;
  return defined({
    id: context.id,
    userId: owner.id,
    title: input.title,
    description: input.description,
    location: input.location,
    meetingUrl: input.meetingUrl,
    clientNote: input.clientNote,
    startTime: input.startTime,
    endTime: input.endTime,
    timezone: input.timezone ?? context.defaultTimezone,
    syncToCalendar: input.syncToCalendar ?? true,
    status: admin ? (input.status ?? 'pending') : 'pending',
    type: admin ? (input.type ?? 'free') : 'free',
    price: admin ? (input.price ?? 0) : 0,
    currency: admin ? (input.currency ?? context.defaultCurrency) : context.defaultCurrency,
    isPaid: false,
    attendeeEmail: (admin && input.attendeeEmail) || owner.email,
    attendeeName: (admin && input.attendeeName) || nameOf(owner),
    attendeePhone: (admin && input.attendeePhone) || owner.phone,
    notes: admin ? input.notes : undefined,
    productId: admin ? input.productId : undefined,
    proposedTimes: admin && input.proposedTimes ? orderedProposals(input.proposedTimes) : undefined,
    assignedAdminId: admin ? (input.assignedAdminId ?? actor.id) : undefined,
    adminCapacity: 1,
    createdBy: actor.id,
    createdAt: context.now,
    updatedAt: context.now,
    version: 0,
  });
}

/**
 * The appointment after a PUT (already authorised): null clears a field. An admin confirming an
 * unassigned request takes it; a cancellation keeps its reason.
 */
export function applyUpdate(
  current: AppointmentFields,
  patch: Partial<Record<keyof AppointmentFields, unknown>> & { version?: number },
  actor: { id: string; isAdmin: boolean },
): AppointmentFields {
  const { version: _expected, ...changes } = patch;
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null || value === '') delete next[field];
    else next[field] = value;
  }
  const updated = next as unknown as AppointmentFields;
  if (actor.isAdmin && updated.status === 'confirmed' && !updated.assignedAdminId) updated.assignedAdminId = actor.id;
  if (updated.status !== 'cancelled') delete updated.cancellationReason;
  return updated;
}

/** A product's booking rules: what a slot booking takes from it. */
export interface BookedProduct {
  id: string;
  name: string;
  durationMinutes: number;
  price: number;
  currency: string;
}

/** The slot the availability engine offered for the start (an admin's, with that window's capacity and buffers). */
export interface OfferedSlot {
  startTime: string;
  endTime: string;
  adminId: string;
  capacity: number;
  bufferBefore?: number;
  bufferAfter?: number;
}

/** The window's buffers as the appointment keeps them: only those above zero. */
export function slotBuffers(slot: { bufferBefore?: number; bufferAfter?: number }): { bufferBefore?: number; bufferAfter?: number } {
  return {
    ...(slot.bufferBefore ? { bufferBefore: slot.bufferBefore } : {}),
    ...(slot.bufferAfter ? { bufferAfter: slot.bufferAfter } : {}),
  };
}

/**
 * A booking of an offered slot: composed like any new appointment (a client's stays pending),
 * then the product and the slot decide the rest — the end from the product's duration, the type
 * and price from its price, the slot's admin assigned, the window's capacity and buffers for the
 * admin.
 */
export function composeSlotBooking(
  input: Omit<NewAppointmentInput, 'title' | 'endTime' | 'assignedAdminId'> & { title?: string },
  booking: { product: BookedProduct; slot: OfferedSlot },
  context: Parameters<typeof composeAppointment>[1],
): AppointmentFields {
  const { product, slot } = booking;
  const base = composeAppointment({ ...input, title: input.title ?? product.name, startTime: slot.startTime, endTime: slot.endTime }, context);
  return {
    ...base,
    productId: product.id,
    type: product.price > 0 ? 'paid' : 'free',
    price: product.price,
    currency: product.currency,
    assignedAdminId: slot.adminId,
    adminCapacity: slot.capacity,
    ...slotBuffers(slot),
  };
}
