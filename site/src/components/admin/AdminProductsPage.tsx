import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, describeApiError } from '../../lib/api.ts';
import { formatMoney } from '../../lib/format.ts';
import { AppShell } from '../AppShell.tsx';
import { useToast } from '../ui/Toast.tsx';

interface Product {
  id: string;
  name: string;
  description?: string;
  durationMinutes: number;
  price: number;
  currency: string;
  active: boolean;
}


export function AdminProductsPage() {
  const [products, setProducts] = useState<Product[]>();
  const [error, setError] = useState<string>();
  const { toast, success, error: fail } = useToast();
  const load = useCallback(() => void api<Product[]>('/admin/products').then(setProducts, (e: unknown) => setError(describeApiError(e))), []);
  useEffect(load, [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    try {
      await api('/admin/products', {
        method: 'POST',
        body: JSON.stringify({
          name: String(data.get('name') ?? '').trim(),
          description: String(data.get('description') ?? '').trim() || undefined,
          durationMinutes: Number(data.get('durationMinutes')),
          price: Math.round(Number(String(data.get('price') ?? '0').replace(',', '.')) * 100),
          currency: 'EUR',
        }),
      });
      form.reset();
      success('Product created');
      load();
    } catch (e) {
      fail(describeApiError(e));
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

  async function remove(product: Product) {
    try {
      await api(`/admin/products/${product.id}`, { method: 'DELETE' });
      success('Product deleted');
      load();
    } catch (e) {
      fail(describeApiError(e));
    }
  }

  return (
    <AppShell area="admin" active="/admin/products/" title="Products">
      {() => (
        <section>
          <h1>Products</h1>
          <p className="muted">Appointment types clients can book: a paid product makes paid bookings at its price.</p>
          {error && <p role="alert" className="form-error">{error}</p>}
          {products && (
            <div className="table-wrap">
              <table className="stack-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Price</th>
                    <th scope="col">Status</th>
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
                      <td data-label="Duration">{p.durationMinutes} min</td>
                      <td data-label="Price">{p.price > 0 ? formatMoney(p.price, p.currency, 'en-GB') : 'Free'}</td>
                      <td data-label="Status">{p.active ? 'Active' : 'Inactive'}</td>
                      <td className="actions">
                        <button type="button" className="secondary" onClick={() => void change(p, { active: !p.active }, p.active ? 'Product deactivated' : 'Product activated')}>
                          {p.active ? 'Deactivate' : 'Activate'}
                        </button>
                        <button type="button" className="danger" onClick={() => void remove(p)}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>New product</h2>
          <form className="card form" onSubmit={create}>
            <label htmlFor="name">Name *</label>
            <input id="name" name="name" required maxLength={200} />
            <label htmlFor="description">Description</label>
            <input id="description" name="description" maxLength={2000} />
            <div className="row">
              <div>
                <label htmlFor="durationMinutes">Duration (minutes)</label>
                <input id="durationMinutes" name="durationMinutes" type="number" min={5} max={720} step={5} defaultValue={60} />
              </div>
              <div>
                <label htmlFor="price">Price (EUR, 0 = free)</label>
                <input id="price" name="price" inputMode="decimal" defaultValue="0" />
              </div>
            </div>
            <button type="submit">Create product</button>
          </form>
          {toast}
        </section>
      )}
    </AppShell>
  );
}
