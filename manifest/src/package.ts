/**
 * `npm run package [-- prod]` (root) or `tsx src/package.ts [--env prod] [--out DIR]`: builds
 * manifest/build/appPackage.<env>.zip (default env: dev). The environment may also be given as
 * a bare word, because npm keeps `--env` for itself when it forwards the root script's arguments.
 * Exits 1, naming every placeholder without a value, if the env file and the environment
 * do not fill the manifest template.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage } from './app-package.js';

const { values, positionals } = parseArgs({
  options: { env: { type: 'string' }, out: { type: 'string' } },
  allowPositionals: true,
});
if (positionals.length > 1 || (positionals.length && values.env)) {
  console.error('Give one environment, e.g. `npm run package -- prod`.');
  process.exit(2);
}
const env = values.env ?? positionals[0] ?? 'dev';

try {
  const built = await buildAppPackage({ env, outDir: values.out });
  console.log(`Teams app package (${env}): ${relative(process.cwd(), built.zipPath)}`);
  console.log(
    `  manifest ${built.manifest.manifestVersion}, app id ${built.manifest.id}, version ${built.manifest.version}`,
  );
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
