import { randomBytes } from 'node:crypto';
import express from 'express';
import { SignJWT, errors, jwtVerify } from 'jose';
import { isActive, type Clock } from '@marac/core';
import { createFirstRunAdmin } from '@marac/core/admin';
import { devSignInSchema } from '../shared/schemas.js';
import { HttpError } from './http-errors.js';
import type { TabDeps } from './deps.js';

const ISSUER = 'marac-dev-sign-in';
const AUDIENCE = 'marac-tab';
export const DEV_TOKEN_MINUTES = 30;

/**
 * Development sign-in: outside Teams, with no Microsoft tenant, choose a demo person. Tokens
 * are HS256 with a key made at start-up (so they die with the process) and last 30 minutes.
 * The routes exist only when `config.devSignIn` is true.
 */
export function createDevTokens(clock: Clock) {
  const key = randomBytes(32);
  return {
    async issue(personId: string) {
      const now = Math.floor(clock.now() / 1000);
      const exp = now + DEV_TOKEN_MINUTES * 60;
      const token = await new SignJWT({ dev: true })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(personId)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    async verify(token: string): Promise<string> {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          currentDate: new Date(clock.now()),
        });
        return payload.sub!;
      } catch (e) {
        if (e instanceof errors.JWTExpired)
          throw new HttpError(401, 'token-expired', 'Your sign-in has expired. Sign in again to carry on.');
        throw new HttpError(401, 'invalid-token', 'The sign-in token was not accepted; sign in again.');
      }
    },
  };
}
export type DevTokens = ReturnType<typeof createDevTokens>;

export function devSignInRoutes(deps: TabDeps, tokens: DevTokens) {
  const router = express.Router();
  router.get('/api/dev/people', async (_req, res) => {
    const r = deps.store.repos;
    const people = (await r.people.list()).filter(isActive);
    const agencies = new Map(
      (await Promise.all((await r.areas.list()).map((a) => r.agencies.list(a.id))))
        .flat()
        .map((a) => [a.id, a.name]),
    );
    res.json(
      people
        .map((p) => ({
          id: p.id,
          displayName: p.displayName,
          roles: p.roles,
          agencyName: p.agencyId ? agencies.get(p.agencyId) : undefined,
        }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    );
  });
  /** An empty store (SEED_DEMO=off): make the first administrator, and sign in as them. */
  router.post('/api/dev/first-run-admin', async (_req, res) => {
    const admin = await createFirstRunAdmin(deps);
    deps.log.warn({ personId: admin.id }, 'tab: DEVELOPMENT first-run administrator created');
    res.status(201).json(await tokens.issue(admin.id));
  });
  router.post('/api/dev/sign-in', async (req, res) => {
    const { personId } = devSignInSchema.parse(req.body);
    const person = await deps.store.repos.people.get(personId);
    if (!person) throw new HttpError(404, 'not-found', 'No such demo person.');
    const at = new Date(deps.clock.now()).toISOString();
    await deps.store.tx((r) =>
      r.audit.append({
        at,
        actor: person.id,
        action: 'tab.dev-sign-in',
        subject: `person:${person.id}`,
        outcome: 'done',
      }),
    );
    deps.log.warn({ personId: person.id }, 'tab: DEVELOPMENT sign-in used (not for real cases)');
    res.json(await tokens.issue(person.id));
  });
  return router;
}
