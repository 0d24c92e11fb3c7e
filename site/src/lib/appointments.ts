import type { AppointmentView } from '../../../shared/api/appointment-view.ts';
import type { AppointmentStatus } from '../../../shared/domain/vocabulary.ts';
import { api, apiEnvelope } from './api.ts';

export type Appointment = AppointmentView;
export type { AppointmentStatus };

export interface AdminAppointment extends Appointment {
  notes?: string;
  user: { id: string; firstName?: string; lastName?: string; email: string; disabled?: boolean } | null;
  assignedAdmin: { id: string; firstName?: string; lastName?: string; email: string } | null;
  product: { id: string; name: string } | null;
}

/** Every page of a list endpoint (the API pages with nextCursor). */
export async function fetchAll<T>(path: string, params: Record<string, string | undefined>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams(Object.entries({ ...params, cursor }).filter(([, v]) => v !== undefined) as [string, string][]);
    const page = await apiEnvelope<T[]>(`${path}?${query}`);
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export const updateAppointment = (id: string, body: Record<string, unknown>) =>
  api<Appointment>(`/appointments/${id}`, { method: 'PUT', body: JSON.stringify(body) });

/** Event colours by status (yellow, green, grey, red), dark enough for white text (WCAG AA). */
export const STATUS_COLORS: Record<AppointmentStatus, string> = {
  pending: '#f2c14e',
  confirmed: '#1d7a44',
  completed: '#5f6b77',
  cancelled: '#b42323',
  no_show: '#b42323',
};

export const personName = (p: { firstName?: string; lastName?: string; email: string } | null | undefined) =>
  p ? [p.firstName, p.lastName].filter(Boolean).join(' ') || p.email : '—';

/** The seed's "details" link: one static page reads the id from the URL (deep links work everywhere). */
export const detailsHref = (area: 'client' | 'admin', id: string) =>
  area === 'admin' ? `/admin/appointments/${id}` : `/dashboard/appointments/${id}`;
