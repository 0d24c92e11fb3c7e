import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { listRoutes } from '../functions/routes.ts';
import { resetConfig } from '../shared/config.ts';
import { cognitoClient, ensureUser, ensureUserPool, startCognitoLocal, type UserPool } from './cognito-local.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoEmail } from './demo.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { createGateway, listen, type PublicConfig } from './gateway.ts';
import { freePort, type Service } from './processes.ts';
import type { ClientRateLimit } from '../shared/http/client-rate-limit.ts';
import type { Sandbox } from './sandbox/index.ts';
import { ensureTable } from './table.ts';

// The dev machines run Node 20 (Lambda runs 22): the SDK's notice about future releases is known.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const REGION = 'local';
export const USER_POOL_NAME = 'booking-local';

export interface Emulators {
  dynamoDbEndpoint: string;
  cognitoUrl: string;
  pool: UserPool;
  tableName: string;
  /** Cognito sub of each demo account. */
  demoUserIds: Record<DemoEmail, string>;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and cognito-local, creates the table, the user pool (with group `admin`)
 * and the demo accounts. The pool's account e-mails land in outboxDir (default: beside its state). State lives in memory / a temp folder unless dataDir is given.
 */
export async function startEmulators(options: { dataDir?: string; tableName: string; outboxDir?: string; siteUrl?: string }): Promise<Emulators> {
  const cognitoDir = options.dataDir ? path.join(options.dataDir, 'cognito') : await mkdtemp(path.join(os.tmpdir(), 'cognito-local-'));
  const [dynamoPort, cognitoPort] = [await freePort(), await freePort()];
  const started: Service[] = [];
  const stop = async () => {
    await Promise.all(started.map((service) => service.stop()));
    if (!options.dataDir) await rm(cognitoDir, { recursive: true, force: true });
  };
  try {
    const [dynamo, cognito] = await Promise.all([
      startDynamoDbLocal({ root: ROOT, port: dynamoPort, dataDir: options.dataDir && path.join(options.dataDir, 'dynamodb') }).then((s) => {
        started.push(s);
        return s;
      }),
      startCognitoLocal({ port: cognitoPort, dataDir: cognitoDir, outboxDir: options.outboxDir ?? path.join(cognitoDir, 'outbox'), siteUrl: options.siteUrl }).then((s) => {
        started.push(s);
        return s;
      }),
    ]);
    await ensureTable(dynamo.url, options.tableName);
    const cognitoApi = cognitoClient(cognito.url, REGION);
    const pool = await ensureUserPool(cognitoApi, USER_POOL_NAME);
    const demoUserIds = {} as Record<DemoEmail, string>;
    for (const account of DEMO_ACCOUNTS) {
      demoUserIds[account.email] = await ensureUser(cognitoApi, pool, { email: account.email, password: DEMO_PASSWORD, admin: account.admin });
    }
    return { dynamoDbEndpoint: dynamo.url, cognitoUrl: cognito.url, pool, tableName: options.tableName, demoUserIds, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The environment the handlers read (shared/config.ts) when they run against the emulators.
 * `tokenMasterKey` wraps the data keys of calendar tokens (what KMS does in AWS): a new random one
 * per in-memory run; with DATA_DIR, the one kept beside the data (see tokenMasterKeyIn).
 */
export function handlerEnvironment(
  emulators: Omit<Emulators, 'stop' | 'demoUserIds'>,
  stage: 'local' | 'test',
  tokenMasterKey = randomBytes(32).toString('base64'),
): Record<string, string> {
  return {
    LOCAL_TOKEN_MASTER_KEY: tokenMasterKey,
    STAGE: stage,
    AWS_REGION: REGION,
    TABLE_NAME: emulators.tableName,
    DYNAMODB_ENDPOINT: emulators.dynamoDbEndpoint,
    COGNITO_ENDPOINT: emulators.cognitoUrl,
    COGNITO_USER_POOL_ID: emulators.pool.userPoolId,
    COGNITO_CLIENT_ID: emulators.pool.userPoolClientId,
    // The SDK wants credentials even for emulators.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

/** The local token master key kept in a data folder (created on first use), so stored tokens stay readable across runs. */
export async function tokenMasterKeyIn(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'token-master-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('base64');
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return key;
  }
}

/**
 * What a running `npm start` leaves for `npm run sync:once` (another process) to reach its
 * emulators with the same handler environment. Each instance has its own file: beside its data
 * with DATA_DIR, else the default one of the in-memory run.
 */
export interface RuntimeInfo {
  /** The `npm start` process that wrote the file (and alone removes it). */
  pid: number;
  url: string;
  dataDir?: string;
  env: Record<string, string>;
}

/** The runtime file of the `npm start` that runs with this DATA_DIR (none: the default in-memory run). */
export function runtimeFilePath(dataDir?: string): string {
  return dataDir ? path.resolve(dataDir, 'runtime.json') : path.join(ROOT, '.local', 'runtime.json');
}

/** Writes the runtime file whole (temp file + rename): a reader never sees half of it. */
export async function writeRuntimeFile(file: string, info: RuntimeInfo): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(info, null, 2), { mode: 0o600 });
  await rename(temp, file);
}

/** The runtime file's content; undefined when there is none (or it does not read). */
export async function readRuntimeFile(file: string): Promise<RuntimeInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as RuntimeInfo;
    return typeof info.pid === 'number' && info.env && typeof info.env === 'object' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the runtime file if this process wrote it: another `npm start`'s file stays. */
export async function removeOwnRuntimeFile(file: string, pid = process.pid): Promise<void> {
  if ((await readRuntimeFile(file))?.pid === pid) await rm(file, { force: true });
}

/** Points this process's handlers at the emulators. */
export function useEnvironment(env: Record<string, string>): void {
  Object.assign(process.env, env);
  resetConfig();
}

/** Starts the gateway (API + /config.json + site) for handlers in this process. */
export async function startGateway(options: {
  cognitoUrl: string;
  pool: UserPool;
  port: number;
  siteDir?: string;
  /** Providers served by a local sandbox (the site labels them). */
  sandboxes?: Sandbox[];
  /** Per-IP limit on the public routes (`npm start`: the WAF's); absent: none. */
  publicRateLimit?: ClientRateLimit;
  /** The origins that may frame /book/ besides the site (`npm start`: BOOKING_EMBED_ORIGINS). */
  embedOrigins?: readonly string[];
}): Promise<{ server: http.Server; url: string; publicConfig: PublicConfig }> {
  const publicConfig: PublicConfig = {
    apiUrl: '/api',
    region: REGION,
    userPoolId: options.pool.userPoolId,
    userPoolClientId: options.pool.userPoolClientId,
    cognitoEndpoint: '/cognito',
    ...(options.sandboxes?.length ? { sandboxes: options.sandboxes } : {}),
  };
  const server = createGateway({
    routes: listRoutes(),
    root: ROOT,
    siteDir: options.siteDir,
    publicConfig,
    cognitoUrl: options.cognitoUrl,
    publicRateLimit: options.publicRateLimit,
    embedOrigins: options.embedOrigins,
    jwt: {
      issuer: `${options.cognitoUrl}/${options.pool.userPoolId}`,
      audience: options.pool.userPoolClientId,
      jwksUrl: `${options.cognitoUrl}/${options.pool.userPoolId}/.well-known/jwks.json`,
    },
  });
  const port = await listen(server, options.port);
  return { server, url: `http://localhost:${port}`, publicConfig };
}
