import { useEffect, useRef, useState } from 'react';
import { embedSnippet, publicLink } from '../../lib/public-link.ts';
import { useModalKeys } from '../ui/useModalKeys.ts';

interface Props {
  product: { name: string; slug: string; active: boolean };
  origin: string;
  onClose: () => void;
}

/**
 * A public product's link and the <iframe> snippet for the business's own site, each with a copy
 * button. What a copy did is written beside the buttons and read out (role=status); where the
 * browser refuses the clipboard, the text is selected for Ctrl+C instead.
 */
export function ShareProductDialog({ product, origin, onClose }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const firstButton = useRef<HTMLButtonElement>(null);
  const [status, setStatus] = useState('');
  const link = publicLink(origin, product.slug);
  const snippet = embedSnippet(origin, product.slug, product.name);

  useModalKeys(dialog, onClose);
  useEffect(() => firstButton.current?.focus(), []);

  async function copy(fieldId: string, text: string, done: string) {
    // Emptied first, so that copying the same thing twice is announced twice.
    setStatus('');
    try {
      await navigator.clipboard.writeText(text);
      setStatus(done);
    } catch {
      const field = document.getElementById(fieldId) as HTMLInputElement | HTMLTextAreaElement | null;
      field?.focus();
      field?.select();
      setStatus('The browser did not let the page copy: the text is selected, press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  }

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" ref={dialog}>
        <h2 id="share-title">Share “{product.name}”</h2>
        {!product.active && <p className="form-error">This product is inactive: the page offers no time until you activate it.</p>}
        <label htmlFor="share-link">Public link</label>
        <div className="copy-field">
          <input id="share-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" ref={firstButton} onClick={() => void copy('share-link', link, 'Link copied to the clipboard.')}>
            Copy link
          </button>
        </div>
        <p className="small">
          <a href={link} target="_blank" rel="noopener">
            Open the booking page
          </a>
        </p>
        <label htmlFor="share-embed">Embed on your site</label>
        <textarea id="share-embed" readOnly rows={4} value={snippet} aria-describedby="share-embed-hint" onFocus={(e) => e.currentTarget.select()} />
        <p className="muted small hint" id="share-embed-hint">
          Paste it into a page of your own site. Browsers show it only on the sites your deployment lists in BOOKING_EMBED_ORIGINS.
        </p>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void copy('share-embed', snippet, 'Embed code copied to the clipboard.')}>
            Copy code
          </button>
        </div>
        <p className="copy-status" role="status">
          {status}
        </p>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
