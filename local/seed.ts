import { TZDate } from '@date-fns/tz';
import { addDays, isWeekend, startOfMonth, addMonths } from 'date-fns';
import { randomUUID } from 'node:crypto';
import { writeAppointment } from '../shared/db/appointment-transaction.ts';
import type { AppointmentItem } from '../shared/db/appointments.ts';
import { db } from '../shared/db/service.ts';
import { createUser, getUser } from '../shared/db/users.ts';
import type { AppointmentStatus } from '../shared/domain/vocabulary.ts';
import { DEMO_ACCOUNTS, type DemoEmail } from './demo.ts';

const ZONE = 'Europe/Paris';

/** A weekday `days` from `from` (moved forward past a weekend) at hh:mm Paris time, as UTC ISO. */
function parisTime(from: Date, days: number, hour: number, minute = 0): string {
  let day = addDays(from, days);
  while (isWeekend(day)) day = addDays(day, days < 0 ? -1 : 1);
  // UTC like every instant the API writes (TZDate's own toISOString keeps the zone's offset).
  return new Date(+new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), hour, minute, ZONE)).toISOString();
}

const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * Demo data for a fresh local run: profiles of the demo accounts, two products, the admin's
 * weekly slots, and appointments in all five statuses this month and next. Skipped when the
 * admin's profile already exists (a persistent DATA_DIR).
 */
export async function seedDemoData(ids: Record<DemoEmail, string>, now = new Date()): Promise<'seeded' | 'kept'> {
  const adminId = ids['admin@example.com'];
  if (await getUser(adminId)) return 'kept';
  const entities = db().entities;

  for (const account of DEMO_ACCOUNTS) {
    await createUser({
      id: ids[account.email],
      email: account.email,
      firstName: account.firstName,
      lastName: account.lastName,
      timezone: ZONE,
      locale: 'fr',
      role: account.admin ? 'admin' : 'client',
    });
  }

  // Public too: visitors without an account book it at /book/consultation-initiale/, and the team confirms.
  const consultation = {
    id: randomUUID(),
    name: 'Consultation initiale',
    description: 'Premier échange de 60 minutes',
    durationMinutes: 60,
    price: 0,
    currency: 'EUR',
    slug: 'consultation-initiale',
    isPublic: true,
    requiresConfirmation: true,
  };
  const expertise = { id: randomUUID(), name: 'Consultation approfondie', description: 'Analyse détaillée de 90 minutes', durationMinutes: 90, price: 5000, currency: 'EUR' };
  await entities.product.put([consultation, expertise]).go();

  // Monday to Friday, 09:00–12:00 and 14:00–18:00 in the admin's zone.
  const windows = [1, 2, 3, 4, 5].flatMap((dayOfWeek) => [
    { dayOfWeek, startTime: '09:00', endTime: '12:00' },
    { dayOfWeek, startTime: '14:00', endTime: '18:00' },
  ]);
  await entities.appointmentSlot
    .put(windows.map((w) => ({ id: randomUUID(), userId: adminId, ...w, duration: 60, bufferBefore: 0, bufferAfter: 15, maxAppointments: 1, isActive: true, timezone: ZONE })))
    .go();

  const client = ids['client@example.com'];
  const jean = ids['jean.dupont@example.com'];
  const nextMonth = startOfMonth(addMonths(now, 1));
  const profiles = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [ids[a.email], a]));
  const appointment = (
    userId: string,
    status: AppointmentStatus,
    startTime: string,
    extra: { title: string; minutes?: number; assigned?: boolean; createdBy?: string; price?: number; [key: string]: unknown },
  ) => {
    const { title, minutes = 60, assigned = true, createdBy = adminId, price = 0, ...rest } = extra;
    const owner = profiles[userId]!;
    return {
      id: randomUUID(),
      userId,
      title,
      startTime,
      endTime: plusMinutes(startTime, minutes),
      timezone: ZONE,
      status,
      type: price > 0 ? ('paid' as const) : ('free' as const),
      price,
      currency: 'EUR',
      isPaid: false,
      attendeeEmail: owner.email,
      attendeeName: `${owner.firstName} ${owner.lastName}`,
      createdBy,
      syncToCalendar: true,
      adminCapacity: 1,
      version: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      ...(assigned ? { assignedAdminId: adminId } : {}),
      ...rest,
    };
  };

  // Through the same write path as the API: schedule days and month statistics stay exact.
  const appointments = [
      appointment(jean, 'completed', parisTime(now, -7, 10), { title: 'Bilan de lancement', productId: consultation.id, location: 'Bureau de Paris' }),
      appointment(jean, 'no_show', parisTime(now, -3, 15), { title: 'Point d’étape', meetingUrl: 'https://meet.example.com/point-etape' }),
      appointment(client, 'confirmed', parisTime(now, 1, 10), { title: 'Consultation initiale', productId: consultation.id, location: 'Bureau de Paris', description: 'Présentation du projet' }),
      appointment(client, 'cancelled', parisTime(now, 2, 11), { title: 'Revue du devis', cancellationReason: 'Reporté à la demande du client' }),
      appointment(client, 'pending', parisTime(now, 3, 14), {
        title: 'Technical Consultation',
        description: 'Discuss project architecture',
        location: 'Paris Office',
        meetingUrl: 'https://meet.google.com/xyz',
        notes: 'VIP client - prepare demo',
      }),
      appointment(client, 'pending', parisTime(now, 4, 16), {
        title: 'Atelier de cadrage',
        description: 'Demande envoyée par le client',
        clientNote: 'Plutôt en fin de journée si possible',
        assigned: false,
        createdBy: client,
      }),
      appointment(jean, 'confirmed', parisTime(nextMonth, 2, 9), { title: 'Consultation approfondie', productId: expertise.id, minutes: 90, price: 5000, meetingUrl: 'https://meet.example.com/approfondie' }),
      appointment(client, 'pending', parisTime(nextMonth, 5, 11), { title: 'Suivi mensuel', location: 'Virtual', meetingUrl: 'https://meet.example.com/suivi' }),
      appointment(jean, 'cancelled', parisTime(nextMonth, 8, 14), { title: 'Atelier annulé', cancellationReason: 'Indisponibilité' }),
  ];
  for (const item of appointments) await writeAppointment(undefined, item as AppointmentItem);
  return 'seeded';
}
