import { config } from '../config.ts';
import { confirmedStartingBetween } from '../db/appointments.ts';
import { count, deliverOnce, emptyReport, type DeliveryReport } from './deliver.ts';
import { buildMail, clientActionUrl, markerExpiry } from './mail.ts';
import { appointmentSnapshot, type AppointmentSnapshot } from './plan.ts';
import { People } from './recipients.ts';
import { reminderWindows } from './reminder-windows.ts';
import { mailTransport, type MailTransport } from './transport.ts';

export interface ReminderReport extends DeliveryReport {
  /** Confirmed appointments found due for a reminder. */
  appointments: number;
}

/**
 * One reminder run: for each offset (REMINDER_OFFSETS_MINUTES), the confirmed appointments whose
 * reminder time passed within the window, from the `appointment.byTime` index (one Query per
 * offset, no Scan); each participant who has email on gets it once. A reminder is keyed by its
 * offset and the start time, so a rescheduled appointment is reminded of its new time. Runs that
 * repeat or overlap send nothing twice: the sent-marker is written on a condition before sending.
 */
export async function sendDueReminders(options: { transport?: MailTransport; now?: Date } = {}): Promise<ReminderReport> {
  const transport = options.transport ?? mailTransport();
  const now = options.now ?? new Date();
  const { REMINDER_OFFSETS_MINUTES, REMINDER_WINDOW_MINUTES } = config();
  const report: ReminderReport = { ...emptyReport(), appointments: 0 };

  const due: Array<{ offset: number; appointment: AppointmentSnapshot }> = [];
  for (const window of reminderWindows(now, REMINDER_OFFSETS_MINUTES, REMINDER_WINDOW_MINUTES)) {
    const items = await confirmedStartingBetween(window.from, window.to);
    // The range's lower end is exclusive: that start belongs to the next shorter offset.
    for (const item of items) if (item.startTime > window.from) due.push({ offset: window.offsetMinutes, appointment: appointmentSnapshot.parse(item) });
  }
  report.appointments = due.length;
  const people = new People();
  await people.load(due.flatMap(({ appointment }) => [appointment.userId, appointment.assignedAdminId]));

  for (const { offset, appointment: a } of due) {
    const client = people.get(a.userId);
    const admin = people.get(a.assignedAdminId);
    const recipients = [
      ...(client ? [{ person: client, side: 'client' as const, counterpart: admin }] : []),
      ...(admin && admin.id !== client?.id ? [{ person: admin, side: 'admin' as const, counterpart: client }] : []),
    ];
    for (const { person, side, counterpart } of recipients) {
      if (!person.emailNotifications) {
        count(report, 'optedOut');
        continue;
      }
      const key = { appointmentId: a.id, kind: 'reminder' as const, occurrence: `${offset}m@${a.startTime}`, recipientId: person.id };
      const inMinutes = Math.max(1, Math.round((Date.parse(a.startTime) - now.getTime()) / 60_000));
      const outcome = await deliverOnce(key, markerExpiry(a, now), async () =>
        transport.send(
          await buildMail({
            key,
            recipient: person,
            side,
            appointment: a,
            counterpart,
            inMinutes: roundMinutes(inMinutes, offset),
            actionUrl: side === 'client' ? await clientActionUrl(person, a, now) : undefined,
            now,
          }),
        ),
      );
      count(report, outcome);
    }
  }
  return report;
}

/** "in 24 hours", not "in 1,427 minutes": a run shortly after the reminder time says the offset. */
function roundMinutes(actual: number, offset: number): number {
  if (actual >= 90) return Math.round(actual / 60) * 60;
  return actual > offset - 15 ? offset : actual;
}
