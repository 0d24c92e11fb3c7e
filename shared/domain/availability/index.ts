/** The availability engine's public surface: what the API handlers import. */
export type { AvailabilityException, AvailabilityInput, BookableSlot, BookedInterval, BusyInterval, GovernedSlot, WeeklySlot } from './types.ts';
export { computeAvailability, findSlot } from './engine.ts';
export { groupByDay } from './group-by-day.ts';
export { overlappingWindow } from './slot-overlap.ts';
