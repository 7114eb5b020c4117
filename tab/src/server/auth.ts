import type { RequestHandler, Response } from 'express';
import { decodeProtectedHeader } from 'jose';
import { isActive, type Person } from '@marac/core';
import { signInWithEntra } from '@marac/core/admin';
import { HttpError } from './http-errors.js';
import { createEntraVerifier } from './entra.js';
import type { DevTokens } from './dev-sign-in.js';
import type { TabDeps } from './deps.js';

/** The signed-in person for this request (set by `authenticate`). */
export const actorOf = (res: Response): Person => res.locals.actor as Person;

/**
 * Every /api call carries `Authorization: Bearer <token>`: a Teams SSO (Entra) access token, or
 * in development a dev sign-in token. The token's person must be registered: an Entra user
 * who is not is refused with 403, and the refusal is audited.
 */
export function authenticate(deps: TabDeps, devTokens?: DevTokens): RequestHandler {
  const verifyEntra = createEntraVerifier(deps.config, deps.clock);
  const audit = (actor: string, reason: string, subject: string) =>
    deps.store.tx((r) =>
      r.audit.append({
        at: new Date(deps.clock.now()).toISOString(),
        actor,
        action: 'tab.sign-in',
        subject,
        reason,
        outcome: 'refused',
      }),
    );

  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    if (!token) throw new HttpError(401, 'sign-in-required', 'Sign in to use MARAC.');
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new HttpError(401, 'invalid-token', 'The sign-in token is not valid; sign in again.');
    }
    let person: Person | undefined;
    if (alg === 'HS256') {
      if (!devTokens)
        throw new HttpError(401, 'invalid-token', 'Development sign-in is switched off on this server.');
      person = await deps.store.repos.people.get(await devTokens.verify(token));
      if (!person || !isActive(person))
        throw new HttpError(401, 'invalid-token', 'That demo person no longer exists; sign in again.');
    } else {
      let user;
      try {
        user = await verifyEntra(token);
      } catch (e) {
        if (e instanceof HttpError && e.status === 403) await audit('entra:unverified', e.message, 'tenant');
        throw e;
      }
      // Registered people are recognised (and marked seen in Teams); bootstrap ids become administrators.
      person = await signInWithEntra(
        deps,
        { aadObjectId: user.oid, displayName: user.name ?? '' },
        deps.config.bootstrapAdminIds,
      );
      if (!person) {
        const message =
          'You are signed in to Microsoft, but not registered for MARAC. Ask your MARAC coordinator to add you.';
        await audit(`entra:${user.oid}`, 'not registered', `aad:${user.oid}`);
        deps.log.warn({ oid: user.oid, tid: user.tid }, 'tab: unregistered user refused');
        throw new HttpError(403, 'not-registered', message);
      }
    }
    res.locals.actor = person;
    next();
  };
}
