import type { InvokeAnswer } from '../turn.js';

/** Universal Action (Action.Execute) answers in the shapes Teams expects. */
export function invokeResponse(answer: InvokeAnswer | undefined) {
  if (!answer)
    return {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done.' },
    };
  switch (answer.kind) {
    case 'card':
      return {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card },
      };
    case 'message':
      return {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text },
      };
    case 'error':
      return {
        status: 200,
        body: {
          statusCode: answer.status,
          type: 'application/vnd.microsoft.error',
          value: { code: answer.code, message: answer.message },
        },
      };
  }
}
