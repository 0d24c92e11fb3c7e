import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces of a minified bundle, told in our source files and lines, when an error is logged.
 *
 * Node can do this for every stack (NODE_OPTIONS=--enable-source-maps), but then it reads and
 * indexes each bundle's map while loading it: about 10 ms of every cold start (GET
 * /api/appointments/{id} imported in 150 ms with the flag, 138 ms without, on Node 20; 141 and 129 ms
 * on Node 22), paid on every page view that meets a cold function, for the few errors that get logged. Here the
 * map beside the bundle (`index.mjs.map`, infra/constructs/bundling.ts) is read when the first
 * error is logged, once per process. Frames of files without a map beside them (the sources, as
 * `npm start` and the tests run them; Node's own) are left as they are.
 */

/** `    at name (file:///var/task/index.mjs:1:2345)` or `    at file:///var/task/index.mjs:1:2345`. */
const FRAME = /^(\s*at )(?:(.*?) \()?((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?$/;

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    let map: SourceMap | null = null;
    try {
      const path = file.startsWith('file://') ? fileURLToPath(file) : file;
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      // No map beside this file (or none readable): its frames stay as the runtime wrote them.
    }
    maps.set(file, map);
  }
  return maps.get(file)!;
}

/** A source as the map names it (`../../shared/http/handler.ts`), from the repository root. */
const fromRoot = (source: string) => source.replace(/^(?:[a-z]+:\/\/)?(?:\.\.\/|\/)*(?:.*\/asset-input\/)?/, '');

interface Frame {
  line: string;
  prefix?: string;
  name?: string;
  /** Where the frame is in our sources, when its bundle has a map. */
  origin?: { source: string; line: number; column: number; name?: string };
}

function parseFrame(line: string): Frame {
  const match = FRAME.exec(line);
  if (!match) return { line };
  const [, prefix, name, file, lineNumber, columnNumber] = match;
  // Node's entries also carry the source's `name` at that position (its types leave it out).
  const entry = sourceMapOf(file!)?.findEntry(Number(lineNumber) - 1, Number(columnNumber) - 1) as (SourceMapping & { name?: string }) | Record<string, never> | undefined;
  if (!entry || !('originalSource' in entry) || !entry.originalSource) return { line };
  return {
    line,
    prefix,
    name,
    origin: { source: fromRoot(entry.originalSource), line: entry.originalLine + 1, column: entry.originalColumn + 1, name: entry.name },
  };
}

/** `stack` with each frame of a mapped bundle pointing into our sources. */
export function mapStack(stack: string): string {
  const frames = stack.split('\n').map(parseFrame);
  return frames
    .map((frame, index) => {
      if (!frame.origin) return frame.line;
      // A minified function's own name means little; the name it was called by, at the call site one
      // frame down, is the one in the sources (as Node does with --enable-source-maps). Always in
      // parentheses: the logger takes an error's `location` from the first frame written so.
      const name = frames[index + 1]?.origin?.name ?? frame.name ?? '<anonymous>';
      return `${frame.prefix}${name} (${frame.origin.source}:${frame.origin.line}:${frame.origin.column})`;
    })
    .join('\n');
}

const mapped = new WeakSet<Error>();

/** Maps the stacks of `error` and of the errors it wraps (`cause`), in place, once each. */
export function mapErrorStacks(error: Error): Error {
  for (let current: unknown = error; current instanceof Error && !mapped.has(current); current = current.cause) {
    mapped.add(current);
    if (typeof current.stack === 'string') current.stack = mapStack(current.stack);
  }
  return error;
}
