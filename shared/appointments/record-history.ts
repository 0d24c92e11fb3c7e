import { recordHistory } from '../db/history.ts';
import { historyRecordOf } from '../domain/appointments/history.ts';
import type { AppointmentChangedDetail } from '../events/appointment-changed.ts';

/**
 * One status-history entry for an appointment change, keyed by (appointment, occurredAt, version)
 * so a redelivered event writes nothing. `undefined` when the event names no version to record.
 */
export async function recordChange(detail: AppointmentChangedDetail) {
  const record = historyRecordOf(detail);
  if (!record) return undefined;
  return { record, recorded: await recordHistory(record) };
}
