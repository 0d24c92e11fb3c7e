import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountChange, Role } from '../../../../shared/domain/vocabulary.ts';
import { api, apiEnvelope, describeApiError } from '../../lib/api.ts';
import { AppShell } from '../AppShell.tsx';
import { useToast } from '../ui/Toast.tsx';
import { useModalKeys } from '../ui/useModalKeys.ts';
import { FormFooter } from '../ui/FormFooter.tsx';
import { Skeleton } from '../ui/Skeleton.tsx';

interface OrganizationUser {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: string;
  lastAppointmentAt?: string;
}

interface OrganizationUserDetail extends OrganizationUser {
  phone?: string;
  timezone: string;
  upcomingAppointments: number;
  accountChanges: Array<{ at: string; action: AccountChange; byId: string; byName: string }>;
}

const ROLE_LABEL: Record<Role, string> = { client: 'Client', admin: 'Admin' };
const STATUS_LABEL = { active: 'Active', disabled: 'Disabled' } as const;
const CHANGE_LABEL: Record<AccountChange, string> = {
  invited: 'Invited',
  promoted: 'Made an admin',
  demoted: 'Made a client',
  disabled: 'Disabled',
  enabled: 'Enabled again',
};

const day = (iso?: string) => (iso ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso)) : '—');
const moment = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
const nameOf = (user: Pick<OrganizationUser, 'firstName' | 'lastName' | 'email'>) => [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email;

/** The seed's Organization page: every account, invitations, roles and access. */
export function AdminUsersPage() {
  const [filters, setFilters] = useState({ q: '', role: '', status: '' });
  const [users, setUsers] = useState<OrganizationUser[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<string>();
  const [inviting, setInviting] = useState(false);
  const [openId, setOpenId] = useState<string>();
  const { toast, success } = useToast();
  const latest = useRef(0);

  const query = useCallback(
    (after?: string) =>
      new URLSearchParams(
        Object.entries({ q: filters.q.trim(), role: filters.role, status: filters.status, limit: '25', cursor: after }).filter((e): e is [string, string] =>
          Boolean(e[1]),
        ),
      ).toString(),
    [filters],
  );

  const load = useCallback(async () => {
    const request = ++latest.current;
    try {
      const page = await apiEnvelope<OrganizationUser[]>(`/admin/organization/users?${query()}`);
      if (request !== latest.current) return;
      setUsers(page.data);
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (e) {
      if (request === latest.current) setError(describeApiError(e));
    }
  }, [query]);

  useEffect(() => {
    // Typing in the search waits for a pause before asking.
    const timer = setTimeout(() => void load(), 250);
    return () => clearTimeout(timer);
  }, [load]);

  async function more() {
    if (!cursor) return;
    try {
      const page = await apiEnvelope<OrganizationUser[]>(`/admin/organization/users?${query(cursor)}`);
      setUsers((list) => [...(list ?? []), ...page.data]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(describeApiError(e));
    }
  }

  const set = (name: keyof typeof filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [name]: e.target.value }));

  return (
    <AppShell area="admin" active="/admin/users/" title="Organization">
      {(me) => (
        <section>
          <div className="page-head">
            <h1>Organization</h1>
            <button type="button" onClick={() => setInviting(true)}>
              Invite someone
            </button>
          </div>
          <div className="filters" role="search">
            <label>
              Search
              <input type="search" value={filters.q} onChange={set('q')} placeholder="Name or email" maxLength={100} />
            </label>
            <label>
              Role
              <select value={filters.role} onChange={set('role')}>
                <option value="">Everyone</option>
                <option value="client">Clients</option>
                <option value="admin">Admins</option>
              </select>
            </label>
            <label>
              Status
              <select value={filters.status} onChange={set('status')}>
                <option value="">Any</option>
                <option value="active">Active</option>
                <option value="disabled">Disabled</option>
              </select>
            </label>
          </div>
          {error && (
            <p role="alert" className="form-error">
              {error}
            </p>
          )}
          {!users && !error && <Skeleton label="Loading…" rows={5} />}
          {users?.length === 0 && <p className="muted">Nobody matches these filters.</p>}
          {users && users.length > 0 && (
            <ul className="people" aria-label="Accounts">
              {users.map((user) => (
                <li key={user.id} className="person">
                  <button type="button" className="person-open" onClick={() => setOpenId(user.id)} aria-haspopup="dialog">
                    <span className="person-name">{nameOf(user)}</span>
                    <span className="person-email">{user.email}</span>
                  </button>
                  <span className="person-facts">
                    <span className={`badge ${user.role === 'admin' ? 'badge-confirmed' : 'badge-completed'}`}>{ROLE_LABEL[user.role]}</span>
                    {user.status === 'disabled' && <span className="badge badge-cancelled">{STATUS_LABEL.disabled}</span>}
                    <span className="muted">Joined {day(user.createdAt)}</span>
                    <span className="muted">Last appointment {day(user.lastAppointmentAt)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {cursor && (
            <button type="button" className="secondary" onClick={() => void more()}>
              Load more
            </button>
          )}
          {inviting && (
            <InviteDialog
              onClose={() => setInviting(false)}
              onInvited={(user) => {
                setInviting(false);
                success(`Invitation sent to ${user.email}.`);
                void load();
              }}
            />
          )}
          {openId && (
            <UserDialog
              id={openId}
              myId={me.id}
              onClose={() => setOpenId(undefined)}
              onChanged={(message) => {
                success(message);
                void load();
              }}
            />
          )}
          {toast}
        </section>
      )}
    </AppShell>
  );
}

function InviteDialog({ onClose, onInvited }: { onClose: () => void; onInvited: (user: OrganizationUser) => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useModalKeys(dialog, onClose);
  useEffect(() => dialog.current?.querySelector<HTMLInputElement>('input')?.focus(), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value('email'))) {
      setError('Enter the email address to send the invitation to, such as name@example.com.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const user = await api<OrganizationUser>('/admin/organization/users', {
        method: 'POST',
        body: JSON.stringify({
          email: value('email'),
          firstName: value('firstName') || undefined,
          lastName: value('lastName') || undefined,
          role: value('role'),
        }),
      });
      onInvited(user);
    } catch (e) {
      setError(describeApiError(e));
      setBusy(false);
    }
  }

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="invite-title" ref={dialog}>
        <h2 id="invite-title">Invite someone</h2>
        <p className="muted">They receive an email with the sign-in link and a temporary password, and choose their own password at first sign-in.</p>
        <form onSubmit={submit} noValidate>
          <label htmlFor="invite-email">Email *</label>
          <input id="invite-email" name="email" type="email" autoComplete="off" maxLength={254} required />
          <div className="row">
            <div>
              <label htmlFor="invite-first">First name</label>
              <input id="invite-first" name="firstName" maxLength={100} />
            </div>
            <div>
              <label htmlFor="invite-last">Last name</label>
              <input id="invite-last" name="lastName" maxLength={100} />
            </div>
          </div>
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="client">
            <option value="client">Client (books appointments; French pages)</option>
            <option value="admin">Admin (manages everything; English pages)</option>
          </select>
          <FormFooter error={error} busy={busy} cancelLabel="Cancel" onCancel={onClose} submitLabel="Send invitation" busyLabel="Sending…" />
        </form>
      </div>
    </div>
  );
}

type Pending = { kind: 'role'; role: Role } | { kind: 'enabled'; enabled: boolean };

function UserDialog({ id, myId, onClose, onChanged }: { id: string; myId: string; onClose: () => void; onChanged: (message: string) => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const [user, setUser] = useState<OrganizationUserDetail>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);
  useModalKeys(dialog, onClose);
  // Into the dialog at once (it says "Loading…" first), then onto its heading once it has one.
  useEffect(() => dialog.current?.focus(), []);

  const load = useCallback(async () => {
    try {
      setUser(await api<OrganizationUserDetail>(`/admin/organization/users/${id}`));
    } catch (e) {
      setError(describeApiError(e));
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (user) dialog.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [user?.id]);

  async function apply(change: Pending) {
    setBusy(true);
    setError(undefined);
    try {
      const path = change.kind === 'role' ? 'role' : 'enabled';
      const body = change.kind === 'role' ? { role: change.role } : { enabled: change.enabled };
      await api(`/admin/organization/users/${id}/${path}`, { method: 'PUT', body: JSON.stringify(body) });
      setPending(undefined);
      await load();
      onChanged(
        change.kind === 'role'
          ? `${nameOf(user!)} is now ${change.role === 'admin' ? 'an admin' : 'a client'}.`
          : `${nameOf(user!)} ${change.enabled ? 'can sign in again' : 'can no longer sign in'}.`,
      );
    } catch (e) {
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const question = (change: Pending) =>
    change.kind === 'role'
      ? change.role === 'admin'
        ? `Make ${nameOf(user!)} an admin? They will see and manage every appointment.`
        : `Make ${nameOf(user!)} a client? They lose access to the admin area at once.`
      : change.enabled
        ? `Let ${nameOf(user!)} sign in again?`
        : `Disable ${nameOf(user!)}? They cannot sign in any more and are signed out everywhere; their appointments stay as they are.`;

  const self = id === myId;
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="user-title" ref={dialog} tabIndex={-1}>
        {!user && !error && <Skeleton label="Loading…" shape="card" />}
        {user && (
          <>
            <h2 id="user-title" tabIndex={-1}>
              {nameOf(user)}
            </h2>
            <dl className="facts">
              <dt>Email</dt>
              <dd>{user.email}</dd>
              <dt>Role</dt>
              <dd>{ROLE_LABEL[user.role]}</dd>
              <dt>Status</dt>
              <dd>{STATUS_LABEL[user.status]}</dd>
              {user.phone && (
                <>
                  <dt>Phone</dt>
                  <dd>{user.phone}</dd>
                </>
              )}
              <dt>Joined</dt>
              <dd>{day(user.createdAt)}</dd>
              <dt>Appointments</dt>
              <dd>
                {user.upcomingAppointments} upcoming · last {day(user.lastAppointmentAt)}
              </dd>
            </dl>
            <p className="dialog-links">
              <a href={`/admin/appointments/?q=${encodeURIComponent(user.email)}`}>Their appointments</a>
              {user.role === 'client' && user.status === 'active' && (
                <a href={`/admin/appointments/calendar/?client=${encodeURIComponent(user.email)}`}>Request appointment</a>
              )}
            </p>
            {pending ? (
              <div className="confirm" role="group" aria-labelledby="confirm-question">
                <p id="confirm-question">{question(pending)}</p>
                <div className="dialog-actions">
                  <button type="button" className="secondary" onClick={() => setPending(undefined)} disabled={busy}>
                    Cancel
                  </button>
                  <button type="button" className={pending.kind === 'enabled' && !pending.enabled ? 'danger' : undefined} onClick={() => void apply(pending)} disabled={busy}>
                    {busy ? 'Saving…' : 'Confirm'}
                  </button>
                </div>
              </div>
            ) : (
              <div className="dialog-actions">
                {user.role === 'client' ? (
                  <button type="button" className="secondary" onClick={() => setPending({ kind: 'role', role: 'admin' })}>
                    Make admin
                  </button>
                ) : (
                  <button type="button" className="secondary" onClick={() => setPending({ kind: 'role', role: 'client' })}>
                    {self ? 'Remove my admin role' : 'Make client'}
                  </button>
                )}
                {user.status === 'active'
                  ? !self && (
                      <button type="button" className="danger-outline" onClick={() => setPending({ kind: 'enabled', enabled: false })}>
                        Disable
                      </button>
                    )
                  : (
                      <button type="button" className="secondary" onClick={() => setPending({ kind: 'enabled', enabled: true })}>
                        Enable
                      </button>
                    )}
              </div>
            )}
            <h3>History</h3>
            {user.accountChanges.length === 0 ? (
              <p className="muted">No change by an admin yet.</p>
            ) : (
              <ol className="account-history">
                {[...user.accountChanges].reverse().map((change) => (
                  <li key={`${change.at}-${change.action}`}>
                    <strong>{CHANGE_LABEL[change.action]}</strong> by {change.byName} · {moment(change.at)}
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
