import type { ReactNode } from 'react';

/** What a list says when it has nothing to show, and the next thing to do about it. */
export function EmptyState({ message, hint, action }: { message: string; hint?: string; action?: ReactNode }) {
  return (
    <div className="card empty">
      <p>{message}</p>
      {hint && <p className="muted">{hint}</p>}
      {action && <div className="actions">{action}</div>}
    </div>
  );
}
