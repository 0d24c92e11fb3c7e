import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, describeApiError } from '../../lib/api.ts';
import { formatMoney } from '../../lib/format.ts';
import { publicLink } from '../../lib/public-link.ts';
import { AppShell } from '../AppShell.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { useToast } from '../ui/Toast.tsx';
import { EditProductDialog } from './EditProductDialog.tsx';
import { EMPTY_DRAFT, ProductFields, bodyOf, refusalOf, type Product } from './ProductFields.tsx';
import { ShareProductDialog } from './ShareProductDialog.tsx';

export function AdminProductsPage() {
  const [products, setProducts] = useState<Product[]>();
  const [error, setError] = useState<string>();
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [createErrors, setCreateErrors] = useState<Record<string, string>>({});
  const [createError, setCreateError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Product>();
  const [sharing, setSharing] = useState<Product & { slug: string }>();
  const [deleting, setDeleting] = useState<Product>();
  const [removing, setRemoving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // After a deletion its row and Delete button are gone: focus goes to the page's heading, once the
  // dialog has closed (it gives the focus back to the button that opened it, which is no more).
  const [deleted, setDeleted] = useState(0);
  useEffect(() => {
    if (deleted) heading.current?.focus();
  }, [deleted]);
  const { toast, success, error: fail } = useToast();
  const origin = window.location.origin;
  const load = useCallback(() => void api<Product[]>('/admin/products').then(setProducts, (e: unknown) => setError(describeApiError(e))), []);
  useEffect(load, [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setCreateErrors({});
    setCreateError(undefined);
    try {
      await api('/admin/products', { method: 'POST', body: JSON.stringify(bodyOf(draft, 'omit')) });
      setDraft(EMPTY_DRAFT);
      success('Product created');
      load();
    } catch (e) {
      const refusal = refusalOf(e);
      setCreateErrors(refusal.fields);
      setCreateError(refusal.message);
      const first = Object.keys(refusal.fields)[0];
      if (first) document.getElementById(`new-${first}`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function change(product: Product, body: object, message: string) {
    try {
      await api(`/admin/products/${product.id}`, { method: 'PUT', body: JSON.stringify(body) });
      success(message);
      load();
    } catch (e) {
      fail(describeApiError(e));
    }
  }

  /** After the admin confirmed: a product a weekly slot still uses is refused (409), with the reason. */
  async function remove(product: Product) {
    setRemoving(true);
    try {
      await api(`/admin/products/${product.id}`, { method: 'DELETE' });
      setDeleting(undefined);
      success(`“${product.name}” deleted`);
      load();
      setDeleted((count) => count + 1);
    } catch (e) {
      // Refused (a weekly slot uses it): the dialog closes, focus returns to Delete, the toast says why.
      setDeleting(undefined);
      fail(describeApiError(e));
    } finally {
      setRemoving(false);
    }
  }

  return (
    <AppShell area="admin" active="/admin/products/" title="Products">
      {() => (
        <section>
          <h1 tabIndex={-1} ref={heading}>
            Products
          </h1>
          <p className="muted">Appointment types clients can book: a paid product makes paid bookings at its price.</p>
          {error && <p role="alert" className="form-error">{error}</p>}
          {products && (
            <div className="table-wrap">
              <table className="stack-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col" className="nowrap">Duration</th>
                    <th scope="col" className="nowrap">Price</th>
                    <th scope="col" className="nowrap">Status</th>
                    <th scope="col">Public booking</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {products.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <strong>{p.name}</strong>
                        {p.description && <div className="muted small">{p.description}</div>}
                      </td>
                      <td data-label="Duration" className="nowrap">{p.durationMinutes} min</td>
                      <td data-label="Price" className="nowrap">{p.price > 0 ? formatMoney(p.price, p.currency, 'en-GB') : 'Free'}</td>
                      <td data-label="Status" className="nowrap">{p.active ? 'Active' : 'Inactive'}</td>
                      <td data-label="Public booking" className="public-cell">
                        {p.isPublic ? (
                          <>
                            <span>Public</span>
                            {p.slug ? (
                              <a className="public-link" href={publicLink(origin, p.slug)}>
                                /book/{p.slug}/
                              </a>
                            ) : (
                              <span className="muted small">No link name: listed on /book/ only</span>
                            )}
                            <span className="muted small">{p.requiresConfirmation ? 'A team member confirms' : 'Confirmed at once'}</span>
                            {p.slug && (
                              <button type="button" className="secondary share-button" onClick={() => setSharing({ ...p, slug: p.slug! })}>
                                Share<span className="sr-only"> {p.name}</span>
                              </button>
                            )}
                          </>
                        ) : (
                          <span className="muted">Accounts only</span>
                        )}
                      </td>
                      <td className="actions">
                        <button type="button" className="secondary" onClick={() => setEditing(p)}>
                          Edit<span className="sr-only"> {p.name}</span>
                        </button>
                        <button type="button" className="secondary" onClick={() => void change(p, { active: !p.active }, p.active ? 'Product deactivated' : 'Product activated')}>
                          {p.active ? 'Deactivate' : 'Activate'}
                          <span className="sr-only"> {p.name}</span>
                        </button>
                        <button type="button" className="danger" onClick={() => setDeleting(p)}>
                          Delete<span className="sr-only"> {p.name}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>New product</h2>
          <form className="card form" onSubmit={create} noValidate>
            <ProductFields idPrefix="new" draft={draft} onChange={setDraft} errors={createErrors} origin={origin} />
            {createError && (
              <p className="form-error" role="alert">
                {createError}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {busy ? 'Creating…' : 'Create product'}
            </button>
          </form>
          {deleting && (
            <ConfirmDialog
              title={`Delete “${deleting.name}”?`}
              confirmLabel="Delete product"
              cancelLabel="Keep it"
              busyLabel="Deleting…"
              busy={removing}
              danger
              onCancel={() => setDeleting(undefined)}
              onConfirm={() => void remove(deleting)}
            >
              <p>
                Clients can no longer book it{deleting.isPublic && deleting.slug ? ` and its public link /book/${deleting.slug}/ stops working` : ''}. Appointments already made
                keep their details. To stop offering it for a while instead, deactivate it.
              </p>
            </ConfirmDialog>
          )}
          {editing && (
            <EditProductDialog
              product={editing}
              origin={origin}
              onClose={() => setEditing(undefined)}
              onSaved={(saved) => {
                setEditing(undefined);
                success(`“${saved.name}” saved`);
                load();
              }}
            />
          )}
          {sharing && <ShareProductDialog product={sharing} origin={origin} onClose={() => setSharing(undefined)} />}
          {toast}
        </section>
      )}
    </AppShell>
  );
}
