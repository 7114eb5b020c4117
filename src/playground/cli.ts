import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Playground's own CLI (from the npm package; nothing downloaded), as node arguments. */
export function playgroundCli(o: { botUrl: string; port?: number }): string[] {
  const dir = dirname(require.resolve('@microsoft/m365agentsplayground/package.json'));
  return [
    join(dir, 'cli.js'),
    '--app-endpoint',
    o.botUrl,
    '--channel-id',
    'msteams',
    // Offline: no telemetry leaves the machine.
    '--disable-telemetry',
    ...(o.port ? ['--port', String(o.port)] : []),
  ];
}
