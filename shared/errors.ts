/**
 * What can go wrong, in the product's own terms. Use cases, domain rules' callers, data access and
 * adapters throw these; they know nothing of HTTP. The HTTP chain turns each kind into a status
 * code in ONE table (shared/http/errors.ts), and the message is what the caller reads, so every
 * message here is safe to show (no stack, no schema internals beyond a field path).
 * Code decides what happened with `instanceof`, never by comparing messages.
 */
export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'expired'
  | 'too_many_requests'
  | 'provider_unavailable'
  | 'unavailable'
  | 'busy'
  | 'failed';

/** A field-level detail of a refusal (`path` like body.startTime) or structured context (a transition's from/to). */
export type ErrorDetail = Readonly<Record<string, unknown>>;

/**
 * Each class writes its own name: production bundles are minified without keeping names
 * (infra/constructs/bundling.ts), so a class's name at run time is not the one in the source.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
  }
}

/** The request is malformed or breaks a rule about its own content (a field, a range, a cursor). */
export class InvalidInput extends DomainError {
  override name: string = 'InvalidInput';
  readonly kind = 'invalid_input';
}

/** The caller did not prove who they are (no token, a bad webhook signature). */
export class Unauthenticated extends DomainError {
  override name: string = 'Unauthenticated';
  readonly kind = 'unauthenticated';
  constructor(message = 'Unauthorized') {
    super(message);
  }
}

/** The caller is known but may not do this. */
export class Forbidden extends DomainError {
  override name: string = 'Forbidden';
  readonly kind = 'forbidden';
  constructor(message = 'Forbidden', details?: readonly ErrorDetail[]) {
    super(message, details);
  }
}

/** Missing, or someone else's: existence is never revealed to a caller who may not see it. */
export class NotFound extends DomainError {
  override name: string = 'NotFound';
  readonly kind = 'not_found';
  constructor(message = 'Not found') {
    super(message);
  }
}

export const APPOINTMENT_NOT_FOUND = 'Appointment not found';

/** The request is valid but the state of things refuses it. */
export class Conflict extends DomainError {
  override name: string = 'Conflict';
  readonly kind = 'conflict';
}

export const SLOT_TAKEN = 'Time slot is not available';
/** Refused booking of a start the schedule does not offer (wrong time, exception, notice, horizon). */
export const SLOT_NOT_OFFERED = 'This time is no longer available';
/** The time is held by another appointment (or the window is full): the seed's "Time slot is not available". */
export class SlotTaken extends Conflict {
  override name: string = 'SlotTaken';
  constructor(message = SLOT_TAKEN, details?: readonly ErrorDetail[]) {
    super(message, details);
  }
}

/** A status change the transitions table does not allow (details: from, to, allowed). */
export class InvalidTransition extends Conflict {
  override name: string = 'InvalidTransition';
}

export const CHANGED_CONCURRENTLY = 'This appointment was changed by someone else; reload it and try again';
/** The item changed since it was read (optimistic lock lost): re-read and try again. */
export class ChangedConcurrently extends Conflict {
  override name: string = 'ChangedConcurrently';
  constructor(message = CHANGED_CONCURRENTLY) {
    super(message);
  }
}

/** What the request refers to existed but its time is over (a booking hold not confirmed in time). */
export class Expired extends DomainError {
  override name: string = 'Expired';
  readonly kind = 'expired';
}

/** Too many requests from this caller for this thing (a per-connection or per-client limit). */
export class TooManyRequests extends DomainError {
  override name: string = 'TooManyRequests';
  readonly kind = 'too_many_requests';
}

/** An outside provider (Lago, Google, Microsoft) failed or did not answer: nothing half-done was kept. */
export class ProviderUnavailable extends DomainError {
  override name: string = 'ProviderUnavailable';
  readonly kind = 'provider_unavailable';
}

/** A capability that is switched off or cannot run now (payments not configured, a key not reachable). */
export class Unavailable extends DomainError {
  override name: string = 'Unavailable';
  readonly kind = 'unavailable';
}

export const SERVICE_BUSY = 'The service is busy; please try again';
/** AWS kept refusing for capacity after every retry: nothing was written, the caller may repeat. */
export class ServiceBusy extends DomainError {
  override name: string = 'ServiceBusy';
  readonly kind = 'busy';
  constructor() {
    super(SERVICE_BUSY);
  }
}

/** Our own fault, with a message that says what could not be done (logged with its cause). */
export class Failure extends DomainError {
  override name: string = 'Failure';
  readonly kind = 'failed';
}
