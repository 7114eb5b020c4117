import { useEffect, useId, useState } from 'react';
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
} from '@fluentui/react-components';
import { publicCall, ApiError } from '../api.js';
import { setSession } from '../session.js';

interface DemoPerson {
  id: string;
  displayName: string;
  roles: string[];
  agencyName?: string;
}

const describe = (p: DemoPerson) =>
  `${p.displayName} (${p.roles.join(', ')}${p.agencyName ? `, ${p.agencyName}` : ''})`;

/** Development sign-in: choose a demo person. Only offered when the server has it switched on. */
export function DevSignInForm({
  defaultPersonId,
  submitLabel = 'Sign in',
}: {
  defaultPersonId?: string;
  submitLabel?: string;
}) {
  const [people, setPeople] = useState<DemoPerson[]>([]);
  const [personId, setPersonId] = useState(defaultPersonId ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);
  const formId = useId();
  useEffect(() => {
    publicCall<DemoPerson[]>('GET', '/api/dev/people').then(
      (p) => {
        setPeople(p);
        setEmpty(p.length === 0);
        setPersonId((cur) => cur || p[0]?.id || '');
      },
      (e: ApiError) => setError(e.message),
    );
  }, []);
  // An empty install (SEED_DEMO=off): nobody to choose, so offer to make the first administrator.
  const firstRun = async () => {
    setBusy(true);
    try {
      const { token } = await publicCall<{ token: string }>('POST', '/api/dev/first-run-admin', {});
      setSession({ token, mode: 'dev' });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const { token } = await publicCall<{ token: string }>('POST', '/api/dev/sign-in', { personId });
      setSession({ token, mode: 'dev', personId });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form id={formId} onSubmit={submit} aria-label="Development sign-in">
      <MessageBar layout="multiline" intent="warning" style={{ marginBottom: 12 }}>
        <MessageBarBody>
          <MessageBarTitle>Development sign-in</MessageBarTitle>
          For demonstrations with fictional data only. It is switched off whenever the app is configured for
          Microsoft Teams.
        </MessageBarBody>
      </MessageBar>
      {empty && (
        <MessageBar layout="multiline" intent="info" style={{ marginBottom: 12 }}>
          <MessageBarBody>
            <MessageBarTitle>No one is set up yet</MessageBarTitle>
            This install is empty. Start as the first-run administrator to set up an area, its agencies and
            its people.
            <div style={{ marginTop: 8 }}>
              <Button appearance="primary" onClick={() => void firstRun()} disabled={busy}>
                Start as the first-run administrator
              </Button>
            </div>
          </MessageBarBody>
        </MessageBar>
      )}
      <Field label="Sign in as" validationMessage={error} validationState={error ? 'error' : 'none'}>
        <Select value={personId} onChange={(_, d) => setPersonId(d.value)} name="personId">
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {describe(p)}
            </option>
          ))}
        </Select>
      </Field>
      <Button appearance="primary" type="submit" disabled={!personId || busy} style={{ marginTop: 12 }}>
        {submitLabel}
      </Button>
    </form>
  );
}
