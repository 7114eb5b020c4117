import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response } from 'express';

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

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Vite names every file under assets/ by its content hash: a changed file is a new name. */
const cacheControl = (path: string) => (path.includes(`${sep}assets${sep}`) ? IMMUTABLE : 'no-cache');

/**
 * Serves `file.br` or `file.gz`, built beside each file by `npm run build:tab`
 * (tab/precompress.ts), to a client that accepts it: nothing is compressed per request.
 */
function sendPrecompressed(clientDir: string, file: string, req: Request, res: Response): boolean {
  const path = resolve(clientDir, `.${file}`);
  if (!path.startsWith(clientDir + sep)) return false;
  const offered = (['br', 'gzip'] as const).filter((enc) =>
    existsSync(`${path}.${enc === 'br' ? 'br' : 'gz'}`),
  );
  if (!offered.length) return false;
  res.setHeader('Vary', 'Accept-Encoding');
  // Brotli whenever accepted: browsers list gzip first ("gzip, deflate, br") at equal weight.
  const enc = offered.find((e) => req.acceptsEncodings(e) === e);
  if (!enc) return false;
  res.setHeader('Content-Encoding', enc);
  res.setHeader('Cache-Control', cacheControl(path));
  // The original's type: `send` keeps a Content-Type already set rather than guessing from .br.
  res.type(extname(path));
  res.sendFile(`${path}.${enc === 'br' ? 'br' : 'gz'}`);
  return true;
}

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
  const root = resolve(clientDir);
  router.get(/^\/assets\//, (req, res, next) => {
    if (!sendPrecompressed(root, req.path, req, res)) next();
  });
  router.use(
    express.static(clientDir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, path) => {
        if (path.includes(`${sep}assets${sep}`)) res.setHeader('Cache-Control', IMMUTABLE);
      },
    }),
  );
  router.get(/^\/(?!api\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    if (!existsSync(index))
      return void res
        .status(503)
        .type('text/plain')
        .send('The tab has not been built: run `npm run build --workspace tab`.');
    if (sendPrecompressed(root, '/index.html', req, res)) return;
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
