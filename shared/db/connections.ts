import { db } from './service.ts';

/** The user's calendar connections (owner-scoped partition). */
export async function listConnections(userId: string) {
  const { data } = await db().entities.calendarConnection.query.byOwner({ userId }).go({ pages: 'all' });
  return data;
}

export async function deleteConnections(userId: string): Promise<number> {
  const connections = await listConnections(userId);
  if (connections.length) await db().entities.calendarConnection.delete(connections.map(({ userId: u, id }) => ({ userId: u, id }))).go();
  return connections.length;
}
