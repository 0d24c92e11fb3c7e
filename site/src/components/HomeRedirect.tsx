import { useEffect } from 'react';
import { hasSession } from '../lib/session.ts';

/** `/`: to the dashboard when signed in (the shell sends admins onward), else to sign-in. */
export function HomeRedirect() {
  useEffect(() => {
    window.location.replace(hasSession() ? '/dashboard/' : '/signin/');
  }, []);
  return null;
}
