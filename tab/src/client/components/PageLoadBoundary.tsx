import { Component, type ReactNode } from 'react';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';

/**
 * A page whose code could not be loaded (the server was restarting during a redeploy, so its
 * chunk did not arrive) or that failed while drawing says so and offers Reload, instead of
 * leaving a blank screen. Keyed by address in the shell, so moving to another page tries afresh.
 */
export class PageLoadBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <MessageBar layout="multiline" intent="warning" role="alert">
        <MessageBarBody>
          <MessageBarTitle>This page could not be loaded.</MessageBarTitle>
          The MARAC service may have just been updated or restarted. Reload to get the current version;
          nothing you saved is lost.
        </MessageBarBody>
        <MessageBarActions>
          <Button appearance="primary" onClick={() => location.reload()}>
            Reload
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}
