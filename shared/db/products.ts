import { randomUUID } from 'node:crypto';
import type { EntityItem } from 'electrodb';
import type { ProductBody } from '../api/availability.ts';
import { Conflict, NotFound } from '../errors.ts';
import { isConditionFailure } from './conditions.ts';
import type { Product } from './entities/availability.ts';
import { db } from './service.ts';

export type ProductItem = EntityItem<Product>;

export const PRODUCT_NOT_FOUND = 'Product not found';

const byName = (a: ProductItem, b: ProductItem) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);

/** The whole catalogue, sorted by name: ONE Query (`product.all`; a service business has a handful). */
export async function listProducts(): Promise<ProductItem[]> {
  const { data } = await db().entities.product.query.all({}).go({ pages: 'all' });
  return data.sort(byName);
}

export async function getProduct(id: string): Promise<ProductItem | null> {
  const { data } = await db().entities.product.get({ id }).go();
  return data;
}

export async function createProduct(fields: ProductBody): Promise<ProductItem> {
  const { data } = await db().entities.product.create({ id: randomUUID(), ...fields }).go();
  return data;
}

/** Replaces a product with `next` (already validated as a whole), if it still exists. */
export async function replaceProduct(next: ProductItem): Promise<ProductItem> {
  try {
    const { data } = await db()
      .entities.product.put(next)
      .where(({ id }, { exists }) => exists(id))
      .go();
    return data;
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFound(PRODUCT_NOT_FOUND);
    throw error;
  }
}

/**
 * Deletes a product no weekly slot refers to: one Query of the slots' product ids, then the delete,
 * which fails (404) if the product is not there. Appointments keep their productId; the admin list
 * then shows no product.
 */
export async function deleteProduct(id: string): Promise<void> {
  const { data: slots } = await db().entities.appointmentSlot.query.all({}).go({ pages: 'all', attributes: ['productId'] });
  const users = slots.filter((slot) => slot.productId === id).length;
  if (users > 0) throw new Conflict(`This product is used by ${users} weekly slot${users === 1 ? '' : 's'}: change or delete them first, or deactivate the product`);
  try {
    await db().entities.product.remove({ id }).go();
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFound(PRODUCT_NOT_FOUND);
    throw error;
  }
}
