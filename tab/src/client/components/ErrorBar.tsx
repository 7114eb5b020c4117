import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ApiError } from '../api.js';

/** A refusal or failure, with the server's reason. */
export function ErrorBar({ error, title }: { error?: ApiError | string; title?: string }) {
  if (!error) return null;
  const forbidden = typeof error !== 'string' && error.status === 403;
  return (
    <MessageBar layout="multiline" intent={forbidden ? 'warning' : 'error'} role="alert">
      <MessageBarBody>
        <MessageBarTitle>
          {title ?? (forbidden ? 'Not available to you' : 'Something went wrong')}
        </MessageBarTitle>
        {typeof error === 'string' ? error : error.message}
      </MessageBarBody>
    </MessageBar>
  );
}
