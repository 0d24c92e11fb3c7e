import { useEffect, useRef, type ReactNode } from 'react';
import { useModalKeys } from './useModalKeys.ts';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** Shown on the confirm button while `busy`. */
  busyLabel?: string;
  busy?: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation (role=alertdialog): focus starts on the safe choice (cancel), Tab stays
 * inside, Escape and the backdrop cancel, and focus goes back to where it was when it closes
 * (the caller moves it elsewhere when that element is gone).
 */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, busyLabel, busy = false, danger = false, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // The latest callbacks without re-running the focus effect on every render.
  const latest = useRef({ onCancel, busy });
  latest.current = { onCancel, busy };
  const dismiss = () => !latest.current.busy && latest.current.onCancel();

  useModalKeys(dialog, dismiss);
  useEffect(() => cancel.current?.focus(), []);

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && dismiss()}>
      <div className="dialog confirm-dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-text" ref={dialog}>
        <h2 id="confirm-title">{title}</h2>
        <div id="confirm-text">{children}</div>
        <div className="actions dialog-actions">
          {/* aria-disabled rather than disabled while busy: a disabled button would drop the focus. */}
          <button type="button" className="secondary" ref={cancel} onClick={dismiss} aria-disabled={busy || undefined}>
            {cancelLabel}
          </button>
          <button type="button" className={danger ? 'danger' : undefined} onClick={() => !busy && onConfirm()} aria-disabled={busy || undefined}>
            {busy && busyLabel ? busyLabel : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
