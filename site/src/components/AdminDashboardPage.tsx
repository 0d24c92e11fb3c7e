import { AppShell } from './AppShell.tsx';

export function AdminDashboardPage() {
  return (
    <AppShell area="admin" active="/admin/" title="Dashboard">
      {(me) => (
        <section>
          <h1>Welcome, {me.firstName ?? me.email}</h1>
          <p className="muted">Manage appointments, availability and products for every client.</p>
          <dl className="card facts">
            <dt>Signed in as</dt>
            <dd>{me.email}</dd>
            <dt>Role</dt>
            <dd>Administrator</dd>
            <dt>Time zone</dt>
            <dd>{me.timezone}</dd>
          </dl>
        </section>
      )}
    </AppShell>
  );
}
