import { ApiError, describeApiError, describeFieldErrors } from '../../lib/api.ts';
import { SLUG_MAX_LENGTH, publicLink, slugProblem, suggestSlug } from '../../lib/public-link.ts';

/** A product as the admin API answers it (shared/api/views.ts productView). */
export interface Product {
  id: string;
  name: string;
  description?: string;
  durationMinutes: number;
  price: number;
  currency: string;
  active: boolean;
  slug?: string;
  isPublic: boolean;
  requiresConfirmation: boolean;
}

/** What the product form holds, as typed. */
export interface ProductDraft {
  name: string;
  description: string;
  durationMinutes: string;
  price: string;
  slug: string;
  /** The admin typed a link name: it no longer follows the product's name. */
  slugEdited: boolean;
  isPublic: boolean;
  requiresConfirmation: boolean;
}

export const EMPTY_DRAFT: ProductDraft = {
  name: '',
  description: '',
  durationMinutes: '60',
  price: '0',
  slug: '',
  slugEdited: false,
  isPublic: false,
  // The API's default: a visitor's booking waits for the team unless the admin says otherwise.
  requiresConfirmation: true,
};

export function draftOf(product: Product): ProductDraft {
  return {
    name: product.name,
    description: product.description ?? '',
    durationMinutes: String(product.durationMinutes),
    price: (product.price / 100).toFixed(2),
    slug: product.slug ?? '',
    // A link already given (or a public product left without one) stays as it is when the name changes:
    // people may have the link already.
    slugEdited: Boolean(product.slug) || product.isPublic,
    isPublic: product.isPublic,
    requiresConfirmation: product.requiresConfirmation,
  };
}

/**
 * The body of POST (`clear: 'omit'`) or PUT (`clear: 'null'`: an emptied description or link name
 * is removed from the stored product) /api/admin/products.
 */
export function bodyOf(draft: ProductDraft, clear: 'omit' | 'null'): Record<string, unknown> {
  const emptied = clear === 'null' ? null : undefined;
  return {
    name: draft.name.trim(),
    description: draft.description.trim() || emptied,
    durationMinutes: Number(draft.durationMinutes),
    price: Math.round(Number(draft.price.replace(',', '.').trim() || '0') * 100),
    slug: draft.slug.trim() || emptied,
    isPublic: draft.isPublic,
    requiresConfirmation: draft.requiresConfirmation,
  };
}

/**
 * The change a field makes to the draft. While the admin has not typed a link name of their own, a
 * public product's link name follows its name (the suggestion), so that ticking "Bookable by
 * visitors" gives it a link at once; a product kept private gets none unless asked.
 */
export function changeDraft(draft: ProductDraft, change: Partial<ProductDraft>): ProductDraft {
  const next = { ...draft, ...change };
  if ('slug' in change) next.slugEdited = true;
  if (!next.slugEdited && next.isPublic) next.slug = suggestSlug(next.name);
  return next;
}

/** A refused save: each field's problem in plain English (the link name's own wording), and a line for the rest. */
export function refusalOf(error: unknown): { fields: Record<string, string>; message?: string } {
  const fields = describeFieldErrors(error, 'en');
  if (error instanceof ApiError) {
    const onSlug = (error.details ?? []).some((d) => (d as { path?: unknown })?.path === 'body.slug');
    if (onSlug && (error.status === 400 || error.status === 409)) fields.slug = slugProblem(error.status);
  }
  return Object.keys(fields).length ? { fields } : { fields, message: describeApiError(error, 'en') };
}

interface Props {
  /** Prefix of the fields' ids: the new-product form and the edit dialog are on the page together. */
  idPrefix: string;
  draft: ProductDraft;
  onChange: (draft: ProductDraft) => void;
  errors: Record<string, string>;
  /** The site's origin, for the link shown under the link name. */
  origin: string;
}

/** The fields of a product, on the new-product form and in the edit dialog. */
export function ProductFields({ idPrefix, draft, onChange, errors, origin }: Props) {
  const id = (field: string) => `${idPrefix}-${field}`;
  const set = (change: Partial<ProductDraft>) => onChange(changeDraft(draft, change));
  const described = (field: string, ...more: string[]) => [...more, errors[field] ? id(`${field}-error`) : ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: string) =>
    errors[field] ? (
      <span className="field-error" id={id(`${field}-error`)} role="alert">
        {errors[field]}
      </span>
    ) : null;
  const slug = draft.slug.trim();
  const suggestion = suggestSlug(draft.name);

  return (
    <>
      <label htmlFor={id('name')}>Name *</label>
      <input id={id('name')} name="name" required maxLength={200} value={draft.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!errors.name || undefined} aria-describedby={described('name')} />
      {fieldError('name')}
      <label htmlFor={id('description')}>Description</label>
      <input id={id('description')} name="description" maxLength={2000} value={draft.description} onChange={(e) => set({ description: e.target.value })} aria-invalid={!!errors.description || undefined} aria-describedby={described('description')} />
      {fieldError('description')}
      <div className="row">
        <div>
          <label htmlFor={id('durationMinutes')}>Duration (minutes)</label>
          <input
            id={id('durationMinutes')}
            name="durationMinutes"
            type="number"
            min={5}
            max={720}
            step={5}
            value={draft.durationMinutes}
            onChange={(e) => set({ durationMinutes: e.target.value })}
            aria-invalid={!!errors.durationMinutes || undefined}
            aria-describedby={described('durationMinutes')}
          />
          {fieldError('durationMinutes')}
        </div>
        <div>
          <label htmlFor={id('price')}>Price (EUR, 0 = free)</label>
          <input id={id('price')} name="price" inputMode="decimal" value={draft.price} onChange={(e) => set({ price: e.target.value })} aria-invalid={!!errors.price || undefined} aria-describedby={described('price')} />
          {fieldError('price')}
        </div>
      </div>
      <fieldset className="public-booking">
        <legend>Booking without an account</legend>
        <div className="checkbox-line">
          <input id={id('isPublic')} type="checkbox" checked={draft.isPublic} onChange={(e) => set({ isPublic: e.target.checked })} aria-describedby={id('isPublic-hint')} />
          <div>
            <label htmlFor={id('isPublic')}>Bookable by visitors without an account</label>
            <span className="muted small hint" id={id('isPublic-hint')}>
              Listed on {origin}/book/; a visitor confirms their e-mail address before the booking counts.
            </span>
          </div>
        </div>
        <div className="checkbox-line">
          <input id={id('requiresConfirmation')} type="checkbox" checked={draft.requiresConfirmation} onChange={(e) => set({ requiresConfirmation: e.target.checked })} aria-describedby={id('requiresConfirmation-hint')} />
          <div>
            <label htmlFor={id('requiresConfirmation')}>A team member confirms each booking</label>
            <span className="muted small hint" id={id('requiresConfirmation-hint')}>
              Unticked, a visitor’s booking is confirmed as soon as they confirm their address.
            </span>
          </div>
        </div>
        <label htmlFor={id('slug')}>Link name</label>
        <input
          id={id('slug')}
          name="slug"
          maxLength={SLUG_MAX_LENGTH}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          placeholder={suggestion || 'first-consultation'}
          value={draft.slug}
          onChange={(e) => set({ slug: e.target.value })}
          aria-invalid={!!errors.slug || undefined}
          aria-describedby={described('slug', id('slug-hint'))}
        />
        {fieldError('slug')}
        <p className="muted small hint link-hint" id={id('slug-hint')}>
          {slug ? (
            <>
              Link: <span className="link-text">{publicLink(origin, slug)}</span>
            </>
          ) : (
            'Lower-case letters, digits and hyphens. Empty: no link of its own (a public product is still listed on /book/).'
          )}
        </p>
      </fieldset>
    </>
  );
}
