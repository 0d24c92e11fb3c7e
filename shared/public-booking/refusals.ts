/**
 * The refusals of public booking, as the API words them. Pure strings, kept apart from the use
 * cases (which reach the table and the mail) so the site can recognise each one and say it in
 * the page's language (site/src/lib/api-errors.ts).
 */
export const TOO_MANY_HOLDS = 'Too many bookings are waiting for confirmation from this address: confirm them from your e-mails, or try again in an hour';
export const LINK_NOT_VALID = 'This link is not valid: open the latest one from your e-mails';
export const HOLD_LAPSED = 'This booking was not confirmed in time, so the time is no longer kept for you: book again';
export const BOOKING_OVER = 'This booking is over: its link no longer works';
export const CONFIRMATION_NOT_SENT = 'The confirmation e-mail could not be sent: try again in a moment';
/** A field detail (body.productId) when the product is not, or no longer, offered to visitors. */
export const NOT_PUBLIC = 'no public product has this id';
