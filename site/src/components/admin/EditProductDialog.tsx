import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import { FormFooter } from '../ui/FormFooter.tsx';
import { useModalKeys } from '../ui/useModalKeys.ts';
import { ProductFields, bodyOf, draftOf, refusalOf, type Product } from './ProductFields.tsx';

interface Props {
  product: Product;
  origin: string;
  onClose: () => void;
  onSaved: (product: Product) => void;
}

/** Changes a product, its public booking settings included (a modal: Escape closes it, focus comes back to Edit). */
export function EditProductDialog({ product, origin, onClose, onSaved }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState(() => draftOf(product));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useModalKeys(dialog, () => !busy && onClose());
  useEffect(() => document.getElementById('edit-name')?.focus(), []);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      onSaved(await api<Product>(`/admin/products/${product.id}`, { method: 'PUT', body: JSON.stringify(bodyOf(draft, 'null')) }));
    } catch (e) {
      const refusal = refusalOf(e);
      setErrors(refusal.fields);
      setError(refusal.message);
      setBusy(false);
      const first = Object.keys(refusal.fields)[0];
      if (first) document.getElementById(`edit-${first}`)?.focus();
    }
  }

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="edit-product-title" ref={dialog}>
        <h2 id="edit-product-title">Edit “{product.name}”</h2>
        <form onSubmit={save} noValidate>
          <ProductFields idPrefix="edit" draft={draft} onChange={setDraft} errors={errors} origin={origin} />
          <FormFooter error={error} busy={busy} cancelLabel="Cancel" onCancel={onClose} submitLabel="Save changes" busyLabel="Saving…" />
        </form>
      </div>
    </div>
  );
}
