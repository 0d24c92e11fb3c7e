interface Props {
  /** The server's or the form's refusal, in the page's language; announced when it appears. */
  error?: string;
  busy: boolean;
  cancelLabel: string;
  onCancel: () => void;
  submitLabel: string;
  /** Shown on the submit button while the form is being sent. */
  busyLabel: string;
}

/** The end of every dialog form: the refusal if any, then Cancel and the submit button. */
export function FormFooter({ error, busy, cancelLabel, onCancel, submitLabel, busyLabel }: Props) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="submit" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </>
  );
}
