import { PRODUCT_FIELDS, patched, productBody, type ProductBody } from '../api/availability.ts';
import { validate } from '../api/validate.ts';
import { PRODUCT_NOT_FOUND, createProduct, deleteProduct, getProduct, listProducts, replaceProduct, type ProductItem } from '../db/products.ts';
import { NotFound } from '../errors.ts';

/** Products (appointment types): what admins offer, what clients and visitors book. */

/** Every product, active or not (admins). */
export const allProducts = (): Promise<ProductItem[]> => listProducts();

/** The active products, the ones a client can book. */
export async function bookableProducts(): Promise<ProductItem[]> {
  return (await listProducts()).filter((product) => product.active);
}

export const addProduct = (fields: ProductBody): Promise<ProductItem> => createProduct(fields);

/** Applies a partial change (null clears the description) and checks the whole product again. */
export async function changeProduct(id: string, patch: Partial<Record<string, unknown>>): Promise<ProductItem> {
  const stored = await getProduct(id);
  if (!stored) throw new NotFound(PRODUCT_NOT_FOUND);
  const fields = validate(productBody, patched(stored, PRODUCT_FIELDS, patch), 'body');
  return replaceProduct({ ...fields, id: stored.id, createdAt: stored.createdAt, updatedAt: stored.updatedAt });
}

/** Deletes a product no weekly slot uses (otherwise a conflict: deactivate it instead). */
export const removeProduct = (id: string): Promise<void> => deleteProduct(id);
