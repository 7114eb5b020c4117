import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Title1,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { publicCall } from '../api.js';
import { setSession } from '../session.js';
import { teamsToken, type Host } from '../teams.js';
import type { AuthOptions } from '../types.js';
import { DevSignInForm } from '../components/DevSignInForm.js';

const useStyles = makeStyles({
  main: {
    maxWidth: '560px',
    margin: '0 auto',
    padding: tokens.spacingHorizontalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
});

/** Inside Teams: single sign-on. In a browser: the development sign-in if the server offers it. */
export function SignInPage({ host }: { host: Host }) {
  const s = useStyles();
  const [options, setOptions] = useState<AuthOptions>();
  const [error, setError] = useState<string>();
  const teamsSignIn = useCallback(async () => {
    setError(undefined);
    try {
      setSession({ mode: 'teams', token: await teamsToken() });
    } catch {
      setError('Teams could not sign you in. Check you have consented to the MARAC app, then try again.');
    }
  }, []);
  useEffect(() => {
    if (host.inTeams) void teamsSignIn();
    else
      publicCall<AuthOptions>('GET', '/api/auth/options').then(setOptions, () =>
        setError('The MARAC server could not be reached.'),
      );
  }, [host.inTeams, teamsSignIn]);

  return (
    <main className={s.main}>
      <Title1 as="h1">MARAC</Title1>
      {error && (
        <MessageBar layout="multiline" intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {host.inTeams ? (
        error ? (
          <Button onClick={teamsSignIn}>Try again</Button>
        ) : (
          <Spinner label="Signing you in with Teams…" />
        )
      ) : !options ? (
        !error && <Spinner label="Loading…" />
      ) : options.devSignIn ? (
        <Card>
          <DevSignInForm />
        </Card>
      ) : (
        <Text>Open MARAC from Microsoft Teams to sign in with your work account.</Text>
      )}
    </main>
  );
}
