import { useEffect, useState } from 'react';

/** How long a success message stays. An error stays until dismissed: it may need reading twice. */
const SUCCESS_MS = 4000;

/**
 * A message after an action, read out by screen readers (role=status, or alert for an error).
 * Success goes away by itself; an error has a close button and stays until used, or until the next
 * message replaces it.
 */
export function useToast() {
  const [message, setMessage] = useState<{ text: string; kind: 'success' | 'error' }>();
  useEffect(() => {
    if (message?.kind !== 'success') return;
    const timer = setTimeout(() => setMessage(undefined), SUCCESS_MS);
    return () => clearTimeout(timer);
  }, [message]);
  // The page's language (French client pages, English admin pages) names the close button.
  const close = typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'Dismiss' : 'Fermer';
  const toast = message ? (
    <div className={`toast toast-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      <span>{message.text}</span>
      {message.kind === 'error' && (
        <button type="button" className="toast-close" aria-label={close} onClick={() => setMessage(undefined)}>
          ×
        </button>
      )}
    </div>
  ) : null;
  return {
    toast,
    success: (text: string) => setMessage({ text, kind: 'success' }),
    error: (text: string) => setMessage({ text, kind: 'error' }),
  };
}
