/**
 * The load generator of bench/load.ts, in a child process of its own so it does not share the
 * gateway's event loop: it receives one job over IPC, runs autocannon and sends the result back.
 */
import autocannon, { type Request } from 'autocannon';

export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** POST /api/appointments: each request a new time, round-robin over these users' tokens. */
  create?: { tokens: string[]; firstIndex: number };
}

export interface LoadResult {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** Completed requests per second over the run. */
  throughput: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** The next unused create index (the next job continues from there). */
  nextIndex: number;
  /** The ids of the appointments answered 201 (creates). */
  createdIds: string[];
}

/**
 * The k-th create: distinct for every k, and no two of 600 consecutive creates share a month, so
 * parallel creates never touch the same schedule day or month-statistics item (which would make
 * them retry each other's transactions): the load measures the route, not a hot item.
 */
export function createBody(k: number) {
  const month = k % 600;
  const slot = Math.floor(k / 600);
  const start = Date.UTC(2040 + Math.floor(month / 12), month % 12, 1 + (slot % 28), 6 + (Math.floor(slot / 28) % 12));
  return { title: `Charge ${k}`, startTime: new Date(start).toISOString(), endTime: new Date(start + 3_600_000).toISOString() };
}

async function run(job: LoadJob): Promise<LoadResult> {
  let index = job.create?.firstIndex ?? 0;
  const createdIds: string[] = [];
  const request: Request = { method: job.method, path: job.path, headers: job.headers };
  if (job.create) {
    const { tokens } = job.create;
    request.setupRequest = (req) => {
      const k = index++;
      return {
        ...req,
        headers: { ...job.headers, authorization: `Bearer ${tokens[k % tokens.length]}`, 'content-type': 'application/json' },
        body: JSON.stringify(createBody(k)),
      };
    };
    request.onResponse = (status, body) => {
      if (status === 201) createdIds.push((JSON.parse(body) as { data: { id: string } }).data.id);
    };
  }
  const result = await autocannon({ url: job.url, connections: job.connections, duration: job.durationSeconds, requests: [request], timeout: 30 });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]));
  const completed = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  return {
    requests: completed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    throughput: completed / result.duration,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    nextIndex: index,
    createdIds,
  };
}

if (process.send) {
  process.once('message', (job: LoadJob) => {
    run(job).then(
      (result) => process.send!({ result }, undefined, undefined, () => process.exit(0)),
      (error: Error) => process.send!({ error: error.stack ?? error.message }, undefined, undefined, () => process.exit(1)),
    );
  });
}
