import { PRODUCT_FIELDS, patched, productBody, type ProductBody } from '../api/availability.ts';
import { validate } from '../api/validate.ts';
import { PRODUCT_NOT_FOUND, createProduct, deleteProduct, getProduct, listProducts, replaceProduct, type ProductItem } from '../db/products.ts';
import { Conflict, NotFound } from '../errors.ts';

/** Products (appointment types): what admins offer, what clients and visitors book. */

/** Every product, active or not (admins). */
export const allProducts = (): Promise<ProductItem[]> => listProducts();

/** The active products, the ones a client can book. */
export async function bookableProducts(): Promise<ProductItem[]> {
  return (await listProducts()).filter((product) => product.active);
}

/** The active public products, the ones a visitor can book without an account (/book/). */
export async function publicProducts(): Promise<ProductItem[]> {
  return (await listProducts()).filter((product) => product.active && product.isPublic);
}

export async function addProduct(fields: ProductBody): Promise<ProductItem> {
  await checkSlugFree(fields.slug, undefined);
  return createProduct(fields);
}

/** Applies a partial change (null clears the description or the slug) and checks the whole product again. */
export async function changeProduct(id: string, patch: Partial<Record<string, unknown>>): Promise<ProductItem> {
  const stored = await getProduct(id);
  if (!stored) throw new NotFound(PRODUCT_NOT_FOUND);
  const fields = validate(productBody, patched(stored, PRODUCT_FIELDS, patch), 'body');
  await checkSlugFree(fields.slug, id);
  return replaceProduct({ ...fields, id: stored.id, createdAt: stored.createdAt, updatedAt: stored.updatedAt });
}

/**
 * A public link names one product: a slug another product has is a 409 on the field. Read from
 * the catalogue (a handful of products, one Query); two admins giving the same new slug in the
 * same instant is the one case this does not catch, and the link then opens the first by name.
 */
async function checkSlugFree(slug: string | undefined, ownId: string | undefined): Promise<void> {
  if (!slug) return;
  const holder = (await listProducts()).find((product) => product.slug === slug && product.id !== ownId);
  if (holder) throw new Conflict(SLUG_TAKEN, [{ path: 'body.slug', message: SLUG_TAKEN_FIELD }]);
}

export const SLUG_TAKEN = 'Another product already has this public link';
const SLUG_TAKEN_FIELD = 'another product already uses this link; choose another';

/** Deletes a product no weekly slot uses (otherwise a conflict: deactivate it instead). */
export const removeProduct = (id: string): Promise<void> => deleteProduct(id);
