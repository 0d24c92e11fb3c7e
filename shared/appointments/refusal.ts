import type { Refusal } from '../domain/appointments/rules.ts';
import { Forbidden, InvalidTransition } from '../errors.ts';

/** A rule's refusal as the domain error the caller gets. */
export function refusalError(refusal: Refusal): Forbidden | InvalidTransition {
  return refusal.reason === 'invalid_transition' ? new InvalidTransition(refusal.message, refusal.details) : new Forbidden(refusal.message, refusal.details);
}
