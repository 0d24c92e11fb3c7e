import type { AppointmentChangedDetail } from '../events/appointment-changed.ts';
import { count, deliverOnce, emptyReport, type DeliveryReport } from './deliver.ts';
import { buildMail, clientActionUrl, markerExpiry } from './mail.ts';
import { planNotifications, type Notice } from './plan.ts';
import { People, type Person } from './recipients.ts';
import { mailTransport, type MailTransport } from './transport.ts';

interface Addressee {
  person: Person;
  side: 'client' | 'admin';
}

async function addressees(notice: Notice, people: People): Promise<Addressee[]> {
  const a = notice.appointment;
  const found: Addressee[] = [];
  for (const audience of notice.audiences) {
    if (audience === 'client') {
      const client = people.get(a.userId);
      if (client) found.push({ person: client, side: 'client' });
    } else if (audience === 'admins') {
      const admins = a.assignedAdminId ? [people.get(a.assignedAdminId)] : await people.allAdmins();
      for (const admin of admins) if (admin) found.push({ person: admin, side: 'admin' });
    } else {
      const admin = people.get(audience.adminId);
      if (admin) found.push({ person: admin, side: 'admin' });
    }
  }
  // Someone on both sides (an admin's own appointment) gets one email.
  return found.filter((entry, i) => found.findIndex((other) => other.person.id === entry.person.id) === i);
}

/**
 * The AppointmentChanged consumer: sends the emails the change calls for (see plan.ts), each
 * at most once per (appointment, version, recipient, kind) even when the event arrives twice.
 * Users who turned email notifications off get nothing. Failed sends are counted; the caller
 * retries the event and only they are sent again.
 */
export async function notifyAppointmentChanged(
  detail: AppointmentChangedDetail,
  options: { transport?: MailTransport; now?: Date } = {},
): Promise<DeliveryReport> {
  const report = emptyReport();
  const notices = planNotifications(detail);
  if (notices.length === 0) return report;
  const transport = options.transport ?? mailTransport();
  const now = options.now ?? new Date();
  const people = new People();
  await people.load(
    notices.flatMap((n) => [n.appointment.userId, n.appointment.assignedAdminId, ...n.audiences.map((a) => (typeof a === 'object' ? a.adminId : undefined))]),
  );

  for (const notice of notices) {
    const a = notice.appointment;
    const client = people.get(a.userId);
    const admin = people.get(a.assignedAdminId);
    const removedAdmins = notice.audiences.flatMap((audience) => (typeof audience === 'object' ? [people.get(audience.adminId)] : []));
    const attendees = (removedAdmins.length > 0 ? removedAdmins : [client, admin]).filter((p): p is Person => !!p);

    for (const { person, side } of await addressees(notice, people)) {
      if (!person.emailNotifications) {
        count(report, 'optedOut');
        continue;
      }
      const key = { appointmentId: a.id, kind: notice.kind, occurrence: notice.occurrence, recipientId: person.id };
      const outcome = await deliverOnce(key, markerExpiry(a, now), async () =>
        transport.send(
          await buildMail({
            key,
            recipient: person,
            side,
            actionUrl: side === 'client' ? await clientActionUrl(person, a, now) : undefined,
            appointment: a,
            previous: notice.previous,
            counterpart: side === 'client' ? admin : client,
            pending: notice.kind === 'changed' && !notice.invite,
            invite: notice.invite && { ...notice.invite, attendees },
            now,
          }),
        ),
      );
      count(report, outcome);
    }
  }
  return report;
}
