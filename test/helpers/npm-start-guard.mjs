// Runs `npm start` for a test (see npm-start.ts) as the leader of a process group of its own,
// and ends that whole group (npm, tsx, node, the JVM, cognito-local) when the test process goes
// away without stopping it: its stdin is a pipe from the test process, which the kernel closes
// however that process ends (a killed vitest worker included). Its arguments are the temp folders
// to remove then. Exits with npm's exit code.
import { spawn, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const tempDirs = process.argv.slice(2);

/** The other live processes of this group. */
function others() {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, group, stat]) => Number(group) === process.pid && Number(pid) !== process.pid && stat && !stat.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

// Ctrl-C sent to the group is for npm start; this guard stays until npm has ended.
process.on('SIGINT', () => undefined);

const npm = spawn('npm', ['start'], { stdio: ['ignore', 'inherit', 'inherit'] });
npm.on('error', (error) => {
  console.error(`[guard] cannot run npm: ${error.message}`);
  process.exit(127);
});
let orphaned = false;
// Orphaned, the guard stays to the end: npm ends at once on Ctrl-C, its children later.
npm.on('exit', (code, signal) => orphaned || process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));

const onOrphaned = () => {
  if (orphaned) return;
  orphaned = true;
  try {
    process.kill(-process.pid, 'SIGINT');
  } catch {
    // nothing else left
  }
  // Time for start.ts to stop its emulators; then SIGKILL to whatever is left, and the folders go.
  const deadline = Date.now() + 10_000;
  const timer = setInterval(() => {
    const left = others();
    if (left.length > 0 && Date.now() < deadline) return;
    clearInterval(timer);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    setTimeout(() => {
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
      process.exit(1);
    }, left.length > 0 ? 500 : 0);
  }, 200);
};
process.stdin.on('end', onOrphaned);
process.stdin.on('close', onOrphaned);
process.stdin.on('error', onOrphaned);
process.stdin.resume();
