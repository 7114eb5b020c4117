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

/** Forks one instance and resolves once it listens; its output is kept for failure messages. */
export function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
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
    const startTimer = setTimeout(
      () => reject(new Error(`${name} did not start within 45 s:\n${out}`)),
      45_000,
    );
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
