/** An error whose message is safe to show to the caller, with the HTTP status it maps to. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: readonly unknown[],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: readonly unknown[]) => new HttpError(400, message, details);
export const unauthorized = (message = 'Unauthorized') => new HttpError(401, message);
export const forbidden = (message = 'Forbidden') => new HttpError(403, message);
/** Also used for objects that exist but belong to someone else: existence is never revealed. */
export const notFound = (message = 'Not found') => new HttpError(404, message);
export const conflict = (message: string, details?: readonly unknown[]) => new HttpError(409, message, details);

export const SERVICE_BUSY = 'The service is busy; please try again';
/** AWS kept refusing for capacity after every retry: nothing was written, the caller may repeat (503 + Retry-After). */
export const serviceBusy = () => new HttpError(503, SERVICE_BUSY);
