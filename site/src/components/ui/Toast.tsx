import { useEffect, useState } from 'react';

/** A transient message, read out by screen readers (role=status), gone after a few seconds. */
export function useToast() {
  const [message, setMessage] = useState<{ text: string; kind: 'success' | 'error' }>();
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(undefined), 4000);
    return () => clearTimeout(timer);
  }, [message]);
  const toast = message ? (
    <div className={`toast toast-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
    </div>
  ) : null;
  return {
    toast,
    success: (text: string) => setMessage({ text, kind: 'success' }),
    error: (text: string) => setMessage({ text, kind: 'error' }),
  };
}
