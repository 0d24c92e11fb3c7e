import type { AppointmentStatus } from '../../lib/appointments.ts';
import { translator, type Language } from '../../lib/i18n.ts';

export function StatusBadge({ status, language = 'fr' }: { status: AppointmentStatus; language?: Language }) {
  return <span className={`badge badge-${status}`}>{translator(language)(`status.${status}`)}</span>;
}
