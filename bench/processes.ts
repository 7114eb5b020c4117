import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (Linux: 100 almost everywhere). */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** This process and every process it started, by /proc's children lists. */
function tree(pid: number): number[] {
  const out = [pid];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (kids) for (const k of kids.split(/\s+/)) out.push(...tree(Number(k)));
    }
  } catch {
    // gone already
  }
  return out;
}

/** SIGKILL a process and its descendants (those listed now, and any listed before). */
function killTree(pid: number | undefined, known: number[] = []): void {
  if (pid === undefined) return;
  for (const p of new Set([...known, ...tree(pid)]))
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
}

/** CPU time (user + system) used so far by a process and its descendants, in ms. */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited between listing and reading
    }
  }
  return (ticks * 1000) / TICKS;
}

/** Pin this process (all its threads) to one core, if taskset is there; says whether it worked. */
export const pinSelf = (core: number): boolean => pinPid(process.pid, core);

/** Pin another process (all its threads) to one core; false if taskset cannot (not ours, no taskset). */
export function pinPid(pid: number, core: number): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)]).status === 0;
}

export interface Pinned {
  pid: number;
  port: number;
  child: ChildProcess;
  cpuMs(): number;
  /** What it printed (the last 4 KB), for a failure report. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Start a server in its own process pinned to one core (`taskset -c core`) and wait until it
 * prints the line matching `ready` (its port in the first group).
 */
export function startPinned(
  core: number,
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 180_000,
): Promise<Pinned> {
  const child = spawn('taskset', ['-c', String(core), command, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`not ready after ${timeoutMs} ms: ${output.slice(-2000)}`)),
      timeoutMs,
    );
    const fail = (e: Error) => {
      clearTimeout(timer);
      killTree(child.pid);
      reject(e);
    };
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = ready.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      // Keep draining (and the tail) so a chatty child never blocks on a full pipe.
      child.stdout!.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4096)));
      const pid = child.pid!;
      resolve({
        pid,
        port: Number(m[1]),
        child,
        cpuMs: () => cpuMs(pid),
        output: () => output.slice(-4096),
        stop: () =>
          new Promise<void>((r) => {
            const all = tree(pid);
            if (child.exitCode !== null) return r(killTree(pid, all));
            // SIGTERM (tsx relays it to its node process); whatever is left after exit is killed.
            child.once('exit', () => r(killTree(pid, all)));
            child.kill('SIGTERM');
            setTimeout(() => killTree(pid, all), 10_000).unref();
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    child.once('exit', (code) => fail(new Error(`exited with ${code}: ${output.slice(-2000)}`)));
  });
}
