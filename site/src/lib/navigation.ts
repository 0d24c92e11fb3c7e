import type { MessageKey } from './i18n.ts';

/**
 * The sidebars of the seed, limited to this module. `ready: false` marks a page whose issue has
 * not landed yet: it is shown, disabled, so the layout is the final one.
 */
export interface NavItem {
  href: string;
  label: MessageKey | string;
  ready: boolean;
}

export const clientNav: NavItem[] = [
  { href: '/dashboard/', label: 'nav.overview', ready: true },
  { href: '/dashboard/calendar/', label: 'nav.calendar', ready: true },
  { href: '/dashboard/calendar/settings/', label: 'nav.calendarSettings', ready: true },
  { href: '/dashboard/appointments/', label: 'nav.appointments', ready: true },
  { href: '/dashboard/payments/', label: 'nav.payments', ready: true },
  { href: '/dashboard/support/', label: 'nav.support', ready: true },
  { href: '/dashboard/profile/', label: 'nav.profile', ready: true },
];

/** The admin area is in English, as the seed's admin pages are. */
export const adminNav: NavItem[] = [
  { href: '/admin/', label: 'Dashboard', ready: true },
  { href: '/admin/appointments/', label: 'Appointments', ready: true },
  { href: '/admin/appointments/calendar/', label: 'Calendar', ready: true },
  { href: '/admin/availability/', label: 'Availability', ready: true },
  // The client page's twin in English (the OAuth callback returns to the client page, which forwards admins here).
  { href: '/admin/calendar-sync/', label: 'Calendar settings', ready: true },
  { href: '/admin/products/', label: 'Products', ready: true },
  { href: '/admin/support/', label: 'Support tickets', ready: true },
  { href: '/admin/users/', label: 'Organization', ready: true },
];
