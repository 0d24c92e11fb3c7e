import type { HistoryRecord } from '../domain/appointments/history.ts';
import { db } from './service.ts';

const isConditionFailure = (error: unknown) =>
  (error as { cause?: { name?: string } } | undefined)?.cause?.name === 'ConditionalCheckFailedException';

/**
 * Stores one history record (one PutItem on the condition that its key is new). Returns false
 * when it was already there: the same event delivered again.
 */
export async function recordHistory(record: HistoryRecord): Promise<boolean> {
  try {
    await db().entities.appointmentHistory.create(record).go({ response: 'none' });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** An appointment's history records, oldest first (one Query per MB). */
export async function listHistory(appointmentId: string): Promise<HistoryRecord[]> {
  const { data } = await db().entities.appointmentHistory.query.byAppointment({ appointmentId }).go({ pages: 'all' });
  return data.map(({ createdAt: _createdAt, ...record }) => record);
}
