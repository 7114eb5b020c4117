import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
} from '@fluentui/react-components';
import { getSession, setSession } from '../session.js';
import { teamsToken, type Host } from '../teams.js';
import { DevSignInForm } from './DevSignInForm.js';

/**
 * Shown over the page when a call finds the sign-in expired. The page underneath, and any form
 * being filled in, stays as it is; once signed in, the call that failed is sent again.
 */
export function SignInAgainDialog({ host, message }: { host: Host; message: string }) {
  const current = getSession();
  const teamsRetry = async () => setSession({ mode: 'teams', token: await teamsToken() });
  return (
    <Dialog open modalType="alert">
      <DialogSurface aria-describedby="reauth-message">
        <DialogBody>
          <DialogTitle>Sign in again</DialogTitle>
          <DialogContent>
            <Text id="reauth-message" as="p">
              {message} Nothing you have typed is lost: once you are signed in, it is sent again.
            </Text>
            {!host.inTeams && (
              <DevSignInForm defaultPersonId={current?.personId} submitLabel="Sign in and carry on" />
            )}
          </DialogContent>
          {host.inTeams && (
            <DialogActions>
              <Button appearance="primary" onClick={teamsRetry}>
                Sign in and carry on
              </Button>
            </DialogActions>
          )}
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
