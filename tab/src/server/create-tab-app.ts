import express from 'express';
import { authenticate } from './auth.js';
import { createDevTokens, devSignInRoutes } from './dev-sign-in.js';
import { errorHandler, HttpError } from './http-errors.js';
import type { TabDeps } from './deps.js';
import { staticClient } from './static-client.js';
import { directoryRoutes } from './routes/directory.js';
import { meetingRoutes } from './routes/meetings.js';
import { referralRoutes } from './routes/referrals.js';
import { agendaRoutes } from './routes/agenda.js';
import { actionRoutes } from './routes/actions.js';
import { liveRoutes } from './routes/live.js';
import { minutesRoutes } from './routes/minutes.js';
import { figuresRoutes } from './routes/figures.js';
import { teamsMeetingRoutes } from './routes/teams-meeting.js';
import { attendanceRoutes } from './routes/attendance.js';
import { researchRoutes } from './routes/research.js';
import { outboxRoutes } from './routes/outbox.js';
import { adminRoutes } from './routes/admin.js';

export const JSON_LIMIT = '64kb';

/**
 * The tab's server side: `/api/*` JSON routes (all but `/api/messages`, the bot's) behind
 * sign-in and role checks, and the built client at `/` with a fallback for client routes.
 */
export function createTabApp(deps: TabDeps): express.Router {
  const router = express.Router();
  router.use((req, _res, next) =>
    req.path === '/api/messages' || req.path.startsWith('/api/messages/') ? next('router') : next(),
  );
  router.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  router.use('/api', express.json({ limit: JSON_LIMIT }));

  router.get('/api/auth/options', (_req, res) => {
    res.json({
      devSignIn: deps.config.devSignIn,
      entraClientId: deps.config.MicrosoftAppId ?? null,
      publicBaseUrl: deps.config.PUBLIC_BASE_URL,
    });
  });
  let devTokens;
  if (deps.config.devSignIn) {
    devTokens = createDevTokens(deps.clock);
    deps.log.warn(
      'tab: DEVELOPMENT SIGN-IN IS ON: anyone reaching this server can act as any demo person. Never use with real cases.',
    );
    router.use(devSignInRoutes(deps, devTokens));
  }
  router.use('/api', authenticate(deps, devTokens));
  router.use(directoryRoutes(deps));
  router.use(meetingRoutes(deps));
  router.use(referralRoutes(deps));
  router.use(agendaRoutes(deps));
  router.use(actionRoutes(deps));
  router.use(liveRoutes(deps));
  router.use(minutesRoutes(deps));
  router.use(figuresRoutes(deps));
  router.use(teamsMeetingRoutes(deps));
  router.use(attendanceRoutes(deps));
  router.use(researchRoutes(deps));
  router.use(outboxRoutes(deps));
  router.use(adminRoutes(deps));
  router.use('/api', () => {
    throw new HttpError(404, 'not-found', 'No such API route.');
  });
  router.use(staticClient(deps.clientDir));
  router.use(errorHandler(deps.log));
  return router;
}
