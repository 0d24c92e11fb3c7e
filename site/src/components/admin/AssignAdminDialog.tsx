import { useEffect, useRef, useState } from 'react';
import { useModalKeys } from '../ui/useModalKeys.ts';
import { personName, type AdminAppointment } from '../../lib/appointments.ts';

export interface AdminOption {
  id: string;
  name: string;
  email: string;
}

interface Props {
  item: AdminAppointment;
  /** The admins to choose from (GET /api/admin/admins); undefined while they load. */
  admins?: AdminOption[];
  loadError?: string;
  /** Why the last attempt was refused. */
  saveError?: string;
  /** Preselected when the appointment has no admin yet. */
  meId: string;
  busy: boolean;
  onSubmit: (adminId: string, overrideAvailability: boolean) => void;
  onClose: () => void;
}

/**
 * "Confirm/assign admin" of the seed's action menu: pick any admin for the appointment; a pending
 * one is confirmed in the same change. A modal: focus starts on the list, Tab stays inside,
 * Escape and the backdrop close it, focus goes back to where it was.
 */
/** An admin's name; with the email when another admin has the same name (or there is no name). */
function optionLabel(admin: AdminOption, all: AdminOption[]): string {
  if (admin.name === admin.email) return admin.email;
  return all.some((other) => other.id !== admin.id && other.name === admin.name) ? `${admin.name} (${admin.email})` : admin.name;
}

export function AssignAdminDialog({ item, admins, loadError, saveError, meId, busy, onSubmit, onClose }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const [adminId, setAdminId] = useState(item.assignedAdminId ?? meId);
  const [override, setOverride] = useState(false);
  const confirming = item.status === 'pending';
  const title = confirming ? 'Confirm and assign an admin' : 'Assign an admin';
  const latest = useRef({ onClose, busy });
  latest.current = { onClose, busy };

  useModalKeys(dialog, () => !latest.current.busy && latest.current.onClose());

  // Focus the list once it is there (the cancel button meanwhile).
  useEffect(() => {
    const target = dialog.current?.querySelector<HTMLElement>('select') ?? dialog.current?.querySelector<HTMLElement>('button');
    target?.focus();
  }, [admins]);

  const chosen = admins?.find((a) => a.id === adminId);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div className="dialog confirm-dialog" role="dialog" aria-modal="true" aria-labelledby="assign-title" ref={dialog}>
        <h2 id="assign-title">{title}</h2>
        <p>
          <strong>{item.title}</strong> · {personName(item.user)}
          <br />
          <span className="muted small">Currently: {item.assignedAdmin ? personName(item.assignedAdmin) : 'unassigned'}</span>
        </p>
        {loadError && (
          <p role="alert" className="form-error">
            {loadError}
          </p>
        )}
        {!admins && !loadError && <p aria-live="polite">Loading admins…</p>}
        {admins && (
          <>
            <label htmlFor="assign-admin">Admin</label>
            <select id="assign-admin" value={adminId} onChange={(e) => setAdminId(e.target.value)}>
              {!chosen && <option value="">Choose an admin</option>}
              {admins.map((admin) => (
                <option key={admin.id} value={admin.id}>
                  {optionLabel(admin, admins)}
                  {admin.id === meId ? ' (me)' : ''}
                </option>
              ))}
            </select>
            {chosen && chosen.name !== chosen.email && <p className="muted small assign-email">{chosen.email}</p>}
            {item.productId && (
              <label className="checkbox">
                <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
                Keep this time even if the admin does not offer it (override availability)
              </label>
            )}
          </>
        )}
        {saveError && (
          <p role="alert" className="form-error">
            {saveError}
          </p>
        )}
        <div className="actions dialog-actions">
          {/* aria-disabled rather than disabled while busy: a disabled button would drop the focus. */}
          <button type="button" className="secondary" onClick={() => !busy && onClose()} aria-disabled={busy || undefined}>
            Cancel
          </button>
          <button type="button" onClick={() => !busy && chosen && onSubmit(chosen.id, override)} aria-disabled={busy || !chosen || undefined}>
            {busy ? 'Saving…' : confirming ? 'Confirm & assign' : 'Assign'}
          </button>
        </div>
      </div>
    </div>
  );
}
