/** What the deployment can do (public GET /api/health): the site hides features that are off. */
export interface Capabilities {
  payments: boolean;
  /** Whether each calendar provider has OAuth credentials on this server. */
  calendar: { google: boolean; microsoft: boolean };
  /** A client may move their appointment while its start is at least this many hours away. */
  clientChangeNoticeHours: number;
}

let loading: Promise<Capabilities> | undefined;

export function capabilities(): Promise<Capabilities> {
  loading ??= fetch('/api/health')
    .then((r) => r.json())
    .then((body) => ({
      payments: Boolean(body?.data?.payments),
      calendar: { google: Boolean(body?.data?.calendar?.google), microsoft: Boolean(body?.data?.calendar?.microsoft) },
      clientChangeNoticeHours: Number.isFinite(body?.data?.clientChangeNoticeHours) ? Number(body.data.clientChangeNoticeHours) : 24,
    }))
    .catch(() => ({ payments: false, calendar: { google: false, microsoft: false }, clientChangeNoticeHours: 24 }));
  return loading;
}
