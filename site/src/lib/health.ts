/** What the deployment can do (public GET /api/health): the site hides features that are off. */
let loading: Promise<{ payments: boolean }> | undefined;

export function capabilities(): Promise<{ payments: boolean }> {
  loading ??= fetch('/api/health')
    .then((r) => r.json())
    .then((body) => ({ payments: Boolean(body?.data?.payments) }))
    .catch(() => ({ payments: false }));
  return loading;
}
