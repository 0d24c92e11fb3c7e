import type { AppointmentItem } from './appointments.ts';
import { batchGetAll } from './batch.ts';
import { db } from './service.ts';
import { getUsers } from './users.ts';

type Person = { id: string; firstName?: string; lastName?: string; email: string; disabled?: boolean };
const person = (p: Person | undefined) => p && { id: p.id, firstName: p.firstName, lastName: p.lastName, email: p.email, disabled: p.disabled };

/**
 * The seed's admin list embeds `user`, `assignedAdmin` and `product` in each item: one
 * BatchGetItem for the people and one for the products of the whole page, never one per row.
 */
export async function withPeopleAndProducts(items: AppointmentItem[]) {
  const people = await getUsers(items.flatMap((a) => [a.userId, ...(a.assignedAdminId ? [a.assignedAdminId] : [])]));
  const productIds = [...new Set(items.flatMap((a) => (a.productId ? [a.productId] : [])))];
  const products = productIds.length
    ? new Map((await batchGetAll((keys) => db().entities.product.get(keys).go(), productIds.map((id) => ({ id })))).map((p) => [p.id, p]))
    : new Map();
  return items.map((a) => ({
    appointment: a,
    user: person(people.get(a.userId)) ?? null,
    assignedAdmin: (a.assignedAdminId && person(people.get(a.assignedAdminId))) || null,
    product: (a.productId && products.get(a.productId)) || null,
  }));
}
