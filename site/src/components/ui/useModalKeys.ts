import { useEffect, useRef, type RefObject } from 'react';

const FOCUSABLE = 'input, select, textarea, button';

/**
 * The keyboard contract of every modal dialog: Escape closes it, Tab and Shift+Tab stay inside
 * it, and the focus goes back where it was when it closes. `onEscape` is read when the key is
 * pressed, so a caller may pass a new function on every render. Call it before the effect that
 * gives the dialog its first focus, so that the focus to return to is the one from before.
 */
export function useModalKeys(dialog: RefObject<HTMLElement | null>, onEscape: () => void): void {
  const escape = useRef(onEscape);
  escape.current = onEscape;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') escape.current();
      if (event.key !== 'Tab' || !dialog.current) return;
      const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('disabled'));
      const first = focusable[0];
      const last = focusable.at(-1);
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (previous?.isConnected) previous.focus();
    };
  }, [dialog]);
}
