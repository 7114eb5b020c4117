import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

/** `npm start`: read the configuration, start the one server, stop cleanly on a signal. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const running = await startServer(config);
  console.log(
    `MARAC for Teams: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${running.port}  (bot endpoint POST /api/messages, health /healthz)`,
  );
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('unhandledRejection', (e) => console.error('unhandled rejection', (e as Error)?.name));
}

main().catch((e) => {
  console.error(`MARAC for Teams could not start: ${(e as Error).message}`);
  process.exit(1);
});
