import { DomainError } from '../../domain/errors.js';
import { isCoordinator } from '../../domain/person.js';
import type { PeopleDirectory } from '../../ports/directory.js';
import { refuse } from '../coordinator/access.js';
import type { Actor, CoordinatorDeps } from '../coordinator/context.js';

export interface DirectoryCandidate {
  aadObjectId: string;
  displayName: string;
  email: string;
  department?: string;
  /** Already registered as this person: adding them again would be refused. */
  registeredAs?: string;
}

/** Search the tenant directory for someone to add; without Graph, people are added by email and object id. */
export async function findInDirectory(
  deps: CoordinatorDeps,
  actor: Actor,
  directory: PeopleDirectory | undefined,
  query: string,
): Promise<DirectoryCandidate[]> {
  if (!isCoordinator(actor))
    await refuse(
      deps,
      actor,
      'person.search',
      'directory',
      'Only a MARAC coordinator or administrator can do this.',
    );
  if (!directory)
    throw new DomainError(
      'conflict',
      'Microsoft Graph is not configured here: add people with their email and Entra object id.',
    );
  if (query.trim().length < 2)
    throw new DomainError('invalid', 'Type at least two letters of a name or email.', {
      fields: [{ field: 'query', message: 'Type at least two letters of a name or email.' }],
    });
  const people = await deps.store.repos.people.list();
  return (await searchOrExplain(directory, query)).map((u) => ({
    aadObjectId: u.aadObjectId,
    displayName: u.displayName,
    email: u.email ?? '',
    department: u.department,
    registeredAs: people.find((p) => p.aadObjectId.toLowerCase() === u.aadObjectId.toLowerCase())
      ?.displayName,
  }));
}

/**
 * Graph's refusal (missing consent, throttling, an outage) is said plainly with the way round it,
 * rather than as a server error; the search text is not repeated in the message.
 */
async function searchOrExplain(directory: PeopleDirectory, query: string) {
  try {
    return await directory.search(query);
  } catch (e) {
    const status = (e as { status?: unknown }).status;
    const fallback = 'Meanwhile, add people with their email and Entra object id.';
    if (status === 401 || status === 403)
      throw new DomainError(
        'conflict',
        `Microsoft Graph refused the directory search (${status}): an administrator must grant the app permission to read users' basic profiles. ${fallback}`,
      );
    throw new DomainError(
      'conflict',
      `The directory search is not available just now${typeof status === 'number' ? ` (Microsoft Graph answered ${status})` : ''}. ${fallback}`,
    );
  }
}
