import * as z from 'zod/mini';
import { CALENDAR_PROVIDERS } from '../domain/vocabulary.ts';

export const connectQuery = z.object({ provider: z.enum(CALENDAR_PROVIDERS) });

/** `?id=` of one of the caller's connections (the seed's `DELETE /api/calendar?id=`). */
export const connectionIdQuery = z.object({ id: z.uuid('id must be a connection id (UUID)') });

export const callbackParams = z.object({ provider: z.enum(CALENDAR_PROVIDERS) });

/**
 * What the provider sends back; unknown parameters (scope, session_state…) are ignored. A person's
 * browser is on this request, so a malformed answer is not a 400: it parses to MALFORMED_CALLBACK,
 * which the callback turns into a redirect to the settings page (the document shows the answer's
 * real parameters only).
 */
const callbackAnswer = z.object({
  code: z.optional(z.string().check(z.maxLength(4096))),
  state: z.optional(z.string().check(z.maxLength(256))),
  error: z.optional(z.string().check(z.maxLength(256))),
});
export const MALFORMED_CALLBACK: z.output<typeof callbackAnswer> = Object.freeze({});
export const callbackQuery = z.catch(callbackAnswer, MALFORMED_CALLBACK);

/**
 * Microsoft Graph's change notifications (a batch; Graph sends few). The handler validates it
 * itself: the same POST without a body is Graph's validation handshake (`?validationToken=`).
 */
export const microsoftNotificationsBody = z.object({
  value: z.array(z.looseObject({ subscriptionId: z.string().check(z.minLength(1), z.maxLength(256)), clientState: z.optional(z.string().check(z.maxLength(256))) })).check(z.maxLength(1000)),
});
