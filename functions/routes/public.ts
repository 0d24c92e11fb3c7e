import * as z from 'zod/mini';
import { clientAppointmentView } from '../../shared/api/appointment-view.ts';
import { invoiceView } from '../../shared/api/appointment-view.ts';
import { confirmBookingBody, heldBookingView, manageBookingBody, manageBookingQuery, publicBookingBody } from '../../shared/api/public-booking.ts';
import { publicProductView } from '../../shared/api/views.ts';
import type { RouteDefinition } from '../manifest.ts';

/** A booked appointment as a link shows it, with a fresh link to manage it. */
const managedBookingView = z.object({ appointment: clientAppointmentView, manageToken: z.string().check(z.describe('the secret of /book/manage/?token=…')) });

/**
 * Public booking without an account (README "Booking without an account"): products, holds,
 * confirmation by e-mail, and the manage link. Part of THE route manifest (functions/routes.ts).
 * Public routes: rate limited per client address like every public route (WAF, local gateway).
 */
export const routes = {
  'GET /api/public/products': {
    handler: 'functions/public/list-products.ts',
    access: 'public',
    table: 'read',
    response: z.array(publicProductView),
    summary: 'The active public products a visitor can book without an account (/book/)',
  },
  'POST /api/public/bookings': {
    handler: 'functions/public/hold.ts',
    access: 'public',
    table: 'readWrite',
    request: { body: publicBookingBody },
    response: heldBookingView,
    grants: ['sendEmail'],
    summary:
      'Holds a public product slot for PUBLIC_HOLD_MINUTES and e-mails the link that confirms it (202); 409 when the time is taken or not offered, 429 past PUBLIC_HOLDS_PER_HOUR per e-mail or per address',
  },
  'POST /api/public/bookings/confirm': {
    handler: 'functions/public/confirm.ts',
    access: 'public',
    table: 'readWrite',
    request: { body: confirmBookingBody },
    response: managedBookingView,
    grants: ['publishEvents'],
    summary: "The e-mail's link: the held slot becomes the visitor's appointment (pending or confirmed by the product); the same answer again on a second use, 410 once the hold lapsed",
  },
  'GET /api/public/bookings/manage': {
    handler: 'functions/public/manage-read.ts',
    access: 'public',
    table: 'read',
    request: { query: manageBookingQuery },
    response: clientAppointmentView,
    summary: 'The appointment a manage link is for, as its client sees it',
  },
  'POST /api/public/bookings/manage': {
    handler: 'functions/public/manage.ts',
    access: 'public',
    table: 'readWrite',
    request: { body: manageBookingBody },
    response: z.object({ appointment: z.optional(clientAppointmentView), payment: z.optional(invoiceView) }),
    grants: ['publishEvents'],
    secrets: ['lagoApiKey'],
    summary: "Cancel (with a reason), reschedule to another offered slot, or pay, through a manage link: the signed-in client's rules and answers",
  },
} as const satisfies Record<string, RouteDefinition>;
