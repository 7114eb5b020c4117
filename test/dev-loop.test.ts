/**
 * The Agents Toolkit layout holds together: the local lifecycle file points at files that exist,
 * every value it or the manifest template needs is declared for the local environment (secrets
 * only in the git-ignored .user file), and F5's tasks run scripts this package has.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../manifest/src/app-package.js';

const root = join(import.meta.dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const placeholders = (text: string) =>
  [...text.matchAll(/\$\{\{\s*([A-Z_][A-Z0-9_]*)\s*\}\}/g)].map((m) => m[1]);

describe('F5 in Teams: teamsapp.local.yml, manifest/env/.env.local, .vscode', () => {
  const lifecycle = read('teamsapp.local.yml');

  it('points at the manifest, the Entra manifest and the environment folder that exist', () => {
    const envDir = /^environmentFolderPath:\s*(\S+)/m.exec(lifecycle)![1];
    expect(existsSync(join(root, envDir, '.env.local'))).toBe(true);
    const paths = [...lifecycle.matchAll(/manifestPath:\s*(\S+)/g)].map((m) => m[1]);
    expect(paths).toContain('./manifest/appPackage/manifest.json');
    for (const p of paths) expect(existsSync(join(root, p)), p).toBe(true);
  });

  it('declares every value the lifecycle and the manifest use; secrets stay out of the committed file', () => {
    const env = parseEnvFile(read('manifest/env/.env.local'));
    const used = new Set([
      ...placeholders(lifecycle),
      ...placeholders(read('manifest/appPackage/manifest.json')),
      ...placeholders(read('infra/entra/aad.manifest.json')),
    ]);
    for (const name of used)
      if (name.startsWith('SECRET_'))
        expect(env, `${name} belongs in .env.local.user`).not.toHaveProperty(name);
      else expect(env, `manifest/env/.env.local declares ${name}`).toHaveProperty(name);
    expect(Object.keys(env).filter((k) => k.startsWith('SECRET_'))).toEqual([]);
    const ignored = read('.gitignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['*.user', '.localConfigs']));
  });

  it('runs, on F5, npm scripts this package has, and each compound starts a task that exists', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    const tasks = JSON.parse(read('.vscode/tasks.json')).tasks as {
      label: string;
      command?: string;
      dependsOn?: string[];
    }[];
    const labels = new Set(tasks.map((t) => t.label));
    for (const t of tasks) {
      const npm = /^npm run (\S+)/.exec(t.command ?? '');
      if (npm) expect(scripts, t.label).toHaveProperty(npm[1]);
      for (const d of t.dependsOn ?? []) expect(labels.has(d), d).toBe(true);
    }
    const launch = JSON.parse(read('.vscode/launch.json'));
    const configs = new Set(launch.configurations.map((c: { name: string }) => c.name));
    for (const c of launch.compounds) {
      expect(labels.has(c.preLaunchTask), c.preLaunchTask).toBe(true);
      for (const n of c.configurations) expect(configs.has(n), n).toBe(true);
    }
    expect(launch.compounds.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['Debug in Teams (Edge)', 'Debug in Microsoft 365 Agents Playground']),
    );
    expect(scripts['dev:teams']).toContain('--env-file=.localConfigs');
  });
});
