/**
 * Forks test/support/instance.ts as its own Node process and talks to it over IPC: for the
 * scale-out and crash tests, which need real separate processes (own pools, workers, timers).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstanceCommand, InstanceReady, InstanceReply } from './instance.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface Instance extends InstanceReady {
  name: string;
  url: string;
  call(cmd: InstanceCommand): Promise<unknown>;
  close(): Promise<void>;
  output(): string;
  /** SIGKILL: no shutdown, leases and in-flight sends left as they were. */
  kill(): Promise<void>;
}

/**
 * How long an instance may take to start. Generous on purpose: on two loaded cores, tsx compiling
 * the server and the first migration can take well over a minute, and a slow start is not a
 * failure of what these tests check. Bounded, so a process that never starts still fails the test.
 */
const START_WAIT_MS = 240_000;

/** GET /healthz until it answers 200 (the store answers a query), within the same bounded wait. */
async function untilHealthy(url: string, deadline: number, out: () => string, name: string) {
  for (;;) {
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      if (r.ok) return;
    } catch {
      // not listening yet, or too slow to answer: try again until the deadline
    }
    if (Date.now() > deadline)
      throw new Error(`${name} did not become healthy within ${START_WAIT_MS / 1000} s:\n${out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Forks one instance and resolves once it listens and /healthz answers; its output is kept for
 * failure messages.
 */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const deadline = Date.now() + START_WAIT_MS;
  const instance = await forkInstance(name, env);
  try {
    await untilHealthy(instance.url, deadline, instance.output, name);
  } catch (e) {
    await instance.kill();
    throw e;
  }
  return instance;
}

function forkInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child: ChildProcess = fork(join(here, 'instance.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + String(d)).slice(-20_000)));
  child.stderr?.on('data', (d) => (out = (out + String(d)).slice(-20_000)));
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  return new Promise((resolve, reject) => {
    const startTimer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${START_WAIT_MS / 1000} s:\n${out}`));
    }, START_WAIT_MS);
    child.on('exit', (code) => {
      clearTimeout(startTimer);
      const e = new Error(`${name} exited (${code}):\n${out}`);
      reject(e);
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    });
    child.on('message', (m: InstanceReady | InstanceReply) => {
      if ('ready' in m) {
        clearTimeout(startTimer);
        resolve({
          ...m,
          name,
          url: `http://127.0.0.1:${m.port}`,
          output: () => out,
          call: (cmd) =>
            new Promise((res, rej) => {
              const id = ++nextId;
              waiting.set(id, { resolve: res, reject: rej });
              child.send({ ...cmd, id });
            }),
          kill: async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGKILL');
            await exited;
          },
          close: async () => {
            if (child.exitCode !== null) return;
            const exited = new Promise((r) => child.once('exit', r));
            child.send({ id: ++nextId, cmd: 'close' });
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
          },
        });
        return;
      }
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) w?.resolve(m.result);
      else w?.reject(new Error(`${name}: ${m.error}`));
    });
  });
}
