import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

export const DEFAULT_CLIENT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');

/** Teams (web, desktop, Outlook, M365 app) frames the tab; nobody else may. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI (Griffel) inserts its styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com https://*.skype.com",
].join('; ');

/** The built client, with every non-API page falling back to index.html (the client routes). */
export function staticClient(clientDir = DEFAULT_CLIENT_DIR) {
  const router = express.Router();
  const index = join(clientDir, 'index.html');
  router.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', CSP);
    next();
  });
  router.use(
    express.static(clientDir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, path) =>
        path.includes('/assets/') && res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  router.get(/^\/(?!api\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    if (!existsSync(index))
      return void res
        .status(503)
        .type('text/plain')
        .send('The tab has not been built: run `npm run build --workspace tab`.');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
