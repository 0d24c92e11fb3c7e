import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { SERVICE, createdAt, requiredInstant, updatedAt, ttl } from '../attributes.ts';

/**
 * A weekly bookable window of one admin (the seed's appointmentSlots), interpreted in the admin's
 * profile time zone. Slots, exceptions and products come back in one query through the
 * `availability` collection on gsi1.
 */
export const buildAppointmentSlot = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'appointmentSlot', version: '1', service: SERVICE },
    attributes: {
      id: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      productId: { type: 'string' },
      /** 0 = Sunday … 6 = Saturday. */
      dayOfWeek: { type: 'number', required: true },
      /** HH:mm wall-clock times. */
      startTime: { type: 'string', required: true },
      endTime: { type: 'string', required: true },
      /** Minutes. */
      duration: { type: 'number', required: true },
      bufferBefore: { type: 'number', required: true, default: 0 },
      bufferAfter: { type: 'number', required: true, default: 0 },
      maxAppointments: { type: 'number', required: true, default: 1 },
      isActive: { type: 'boolean', required: true, default: true },
      /**
       * The owner's profile time zone when the slot was last written: public availability needs
       * every admin's zone and cannot afford a read of the profiles (docs/ACCESS_PATTERNS.md).
       */
      timezone: { type: 'string', required: true },
      createdAt,
      updatedAt,
    },
    indexes: {
      byOwner: {
        pk: { field: 'pk', composite: ['userId'], casing: 'none' },
        sk: { field: 'sk', composite: ['id'], casing: 'none' },
      },
      all: {
        index: 'gsi1',
        collection: 'availability',
        pk: { field: 'gsi1pk', composite: [] },
        sk: { field: 'gsi1sk', composite: ['userId', 'id'], casing: 'none' },
      },
    },
  }, config);
export type AppointmentSlot = ReturnType<typeof buildAppointmentSlot>;

/** A date that overrides the weekly windows (the seed's appointmentExceptions). */
export const buildAppointmentException = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'appointmentException', version: '1', service: SERVICE },
    attributes: {
      id: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      /** YYYY-MM-DD in the admin's time zone. */
      date: { type: 'string', required: true },
      /** false = blocked (whole day, or startTime–endTime); true = an extra window. */
      isAvailable: { type: 'boolean', required: true },
      startTime: { type: 'string' },
      endTime: { type: 'string' },
      reason: { type: 'string' },
      /** The owner's profile time zone when written (as on the slots). */
      timezone: { type: 'string', required: true },
      createdAt,
      updatedAt,
    },
    indexes: {
      byOwner: {
        pk: { field: 'pk', composite: ['userId'], casing: 'none' },
        sk: { field: 'sk', composite: ['id'], casing: 'none' },
      },
      all: {
        index: 'gsi1',
        collection: 'availability',
        pk: { field: 'gsi1pk', composite: [] },
        sk: { field: 'gsi1sk', composite: ['userId', 'id'], casing: 'none' },
      },
    },
  }, config);
export type AppointmentException = ReturnType<typeof buildAppointmentException>;

/** An appointment type: the seed's products. */
export const buildProduct = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'product', version: '1', service: SERVICE },
    attributes: {
      id: { type: 'string', required: true, readOnly: true },
      name: { type: 'string', required: true },
      description: { type: 'string' },
      durationMinutes: { type: 'number', required: true },
      /** Cents; 0 = free. */
      price: { type: 'number', required: true, default: 0 },
      currency: { type: 'string', required: true, default: 'EUR' },
      active: { type: 'boolean', required: true, default: true },
      /** Its public link, /book/<slug>/ (unique among products). */
      slug: { type: 'string' },
      /** Offered to visitors on /book/. */
      isPublic: { type: 'boolean', required: true, default: false },
      /** A public booking of it is pending until the team confirms it (confirmed at once otherwise). */
      requiresConfirmation: { type: 'boolean', required: true, default: true },
      createdAt,
      updatedAt,
    },
    indexes: {
      byId: {
        pk: { field: 'pk', composite: ['id'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
      /** In the `availability` collection: a booking reads the product with the slots, in one query. */
      all: {
        index: 'gsi1',
        collection: 'availability',
        pk: { field: 'gsi1pk', composite: [] },
        sk: { field: 'gsi1sk', composite: ['id'], casing: 'none' },
      },
    },
  }, config);
export type Product = ReturnType<typeof buildProduct>;

/**
 * Time taken in an external calendar (an event that is not ours). Only the range is kept: no
 * title, no attendees. Expires after it ends.
 */
export const buildBusyBlock = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'busyBlock', version: '1', service: SERVICE },
    attributes: {
      connectionId: { type: 'string', required: true, readOnly: true },
      externalId: { type: 'string', required: true, readOnly: true },
      ownerId: { type: 'string', required: true },
      /** UTC `Z` form whatever the writer passed: busyBlock.byTime sorts by it. */
      startTime: requiredInstant,
      endTime: requiredInstant,
      ttl,
    },
    indexes: {
      byConnection: {
        pk: { field: 'pk', composite: ['connectionId'], casing: 'none' },
        sk: { field: 'sk', composite: ['externalId'], casing: 'none' },
      },
      byTime: {
        index: 'gsi2',
        pk: { field: 'gsi2pk', composite: [] },
        sk: { field: 'gsi2sk', composite: ['startTime', 'externalId'], casing: 'none' },
      },
    },
  }, config);
export type BusyBlock = ReturnType<typeof buildBusyBlock>;
