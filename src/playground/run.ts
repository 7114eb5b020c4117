/**
 * `npm run playground`: the app (as `npm start` runs it, development sign-in and the demonstration
 * data) and the Microsoft 365 Agents Playground against it, with the demonstration people as the
 * Playground's users (.m365agentsplayground.yml). No tenant, no tunnel, nothing downloaded.
 */
import { spawn } from 'node:child_process';
import { ConfigError, loadConfig } from '../config.js';
import { startServer } from '../server.js';
import { playgroundCli } from './cli.js';

const PLAYGROUND_PORT = Number(process.env.PLAYGROUND_PORT ?? 56150);

async function main() {
  const config = loadConfig();
  if (config.MicrosoftAppId)
    throw new ConfigError(
      'The Playground sends no Bot Framework tokens: unset MicrosoftAppId to run it against this app.',
    );
  const app = await startServer(config);
  const botUrl = `http://127.0.0.1:${app.port}/api/messages`;
  const pg = spawn(process.execPath, playgroundCli({ botUrl, port: PLAYGROUND_PORT }), { stdio: 'inherit' });
  console.log(
    `MARAC for Teams on http://localhost:${app.port}; Agents Playground on http://localhost:${PLAYGROUND_PORT}\n` +
      'In the Playground\'s group chat, @mention MARAC (it forwards only mentions, as Teams does without RSC): "@MARAC link DEMO", "@MARAC declaration", "@MARAC I agree", "@MARAC start".',
  );
  const stop = async () => {
    pg.kill();
    await app.close();
    process.exit(0);
  };
  pg.on('exit', () => void stop());
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`The Playground could not start: ${(e as Error).message}`);
  process.exit(1);
});
