import * as z from 'zod/mini';
import { exceptionBody, exceptionPatch, idParams, productBody, productPatch, slotBody, slotPatch, teamAvailabilityQuery, teamScheduleView } from '../../shared/api/availability.ts';
import { deletedView, exceptionView, productView, slotView } from '../../shared/api/views.ts';
import type { RouteDefinition } from '../manifest.ts';

/** The admin area's schedule: products, weekly slots, exceptions. Part of THE route manifest (functions/routes.ts). */
export const routes = {
  'GET /api/admin/products': {
    handler: 'functions/admin/list-products.ts',
    access: 'admin',
    table: 'read',
    response: z.array(productView),
    summary: 'Every product, active or not',
  },
  'POST /api/admin/products': {
    handler: 'functions/admin/create-product.ts',
    access: 'admin',
    table: 'readWrite',
    request: { body: productBody },
    response: productView,
    summary: 'A new product: name, description, durationMinutes, price (cents), currency, active',
  },
  'PUT /api/admin/products/{id}': {
    handler: 'functions/admin/update-product.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams, body: productPatch },
    response: productView,
    summary: 'Change a product (null clears the description)',
  },
  'DELETE /api/admin/products/{id}': {
    handler: 'functions/admin/delete-product.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams },
    response: deletedView,
    summary: 'Delete a product no weekly slot uses (409 otherwise: deactivate it instead)',
  },
  'GET /api/admin/availability/slots': {
    handler: 'functions/admin/list-availability-slots.ts',
    access: 'admin',
    table: 'read',
    response: z.array(slotView),
    summary: "The caller's weekly slots, in weekly order",
  },
  'POST /api/admin/availability/slots': {
    handler: 'functions/admin/create-availability-slot.ts',
    access: 'admin',
    table: 'readWrite',
    request: { body: slotBody },
    response: slotView,
    summary: "A weekly slot of the caller, in the caller's profile time zone; 409 when it overlaps another for the same day and product",
  },
  'PUT /api/admin/availability/slots/{id}': {
    handler: 'functions/admin/update-availability-slot.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams, body: slotPatch },
    response: slotView,
    summary: "Change one of the caller's weekly slots; another admin's answers 404",
  },
  'DELETE /api/admin/availability/slots/{id}': {
    handler: 'functions/admin/delete-availability-slot.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams },
    response: deletedView,
    summary: "Delete one of the caller's weekly slots; another admin's answers 404",
  },
  'GET /api/admin/availability/team': {
    handler: 'functions/admin/team-availability.ts',
    access: 'admin',
    table: 'read',
    request: { query: teamAvailabilityQuery },
    response: z.array(teamScheduleView),
    summary: "Admins' working time (weekly and extra windows, less time off), time off and calendar busy time over [from, to) (at most 42 days): the admin calendar's background. adminIds: comma-separated, the caller by default, at most 10",
  },
  'GET /api/admin/availability/exceptions': {
    handler: 'functions/admin/list-availability-exceptions.ts',
    access: 'admin',
    table: 'read',
    response: z.array(exceptionView),
    summary: "The caller's exceptions by date",
  },
  'POST /api/admin/availability/exceptions': {
    handler: 'functions/admin/create-availability-exception.ts',
    access: 'admin',
    table: 'readWrite',
    request: { body: exceptionBody },
    response: exceptionView,
    summary: 'A date blocked (whole day or startTime–endTime) or with an extra window, and a reason',
  },
  'PUT /api/admin/availability/exceptions/{id}': {
    handler: 'functions/admin/update-availability-exception.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams, body: exceptionPatch },
    response: exceptionView,
    summary: "Change one of the caller's exceptions; another admin's answers 404",
  },
  'DELETE /api/admin/availability/exceptions/{id}': {
    handler: 'functions/admin/delete-availability-exception.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: idParams },
    response: deletedView,
    summary: "Delete one of the caller's exceptions; another admin's answers 404",
  },
} as const satisfies Record<string, RouteDefinition>;
