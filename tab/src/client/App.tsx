import { useEffect, useState } from 'react';
import {
  FluentProvider,
  Spinner,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
} from '@fluentui/react-components';
import { initHost, onTeamsThemeChange, type Host, type ThemeName } from './teams.js';
import { deepLinkPath } from '../shared/deep-link.js';
import { navigate } from './router.js';
import { useSessionState } from './session.js';
import { SignInPage } from './pages/SignInPage.js';
import { SignInAgainDialog } from './components/SignInAgainDialog.js';
import { Shell } from './Shell.js';

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** Follows Teams' theme (or the browser's), signs the person in, then shows the signed-in shell. */
export function App() {
  const [host, setHost] = useState<Host>();
  const [theme, setTheme] = useState<ThemeName>('default');
  const { session, reauth } = useSessionState();
  useEffect(() => {
    void initHost().then((h) => {
      // Opened from an activity-feed notification: go to the page it names.
      const to = deepLinkPath(h.context?.page?.subPageId);
      if (to) navigate(to);
      setHost(h);
      setTheme(h.theme);
      if (h.inTeams) void onTeamsThemeChange(setTheme);
    });
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <FluentProvider theme={THEMES[theme]} style={{ minHeight: '100vh' }}>
      {!host ? (
        <main>
          <Spinner label="Loading MARAC…" />
        </main>
      ) : session ? (
        <Shell host={host} />
      ) : (
        <SignInPage host={host} />
      )}
      {reauth && host && <SignInAgainDialog host={host} message={reauth.message} />}
    </FluentProvider>
  );
}
