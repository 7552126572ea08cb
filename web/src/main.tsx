/** The staff terminals: sign in, choose a terminal, work. */
import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { language, t } from './i18n.ts';
import { path, navigate } from './router.ts';
import { completeCognitoSignIn, config, loadConfig, signInRequired, staff } from './session.ts';
import { terminalsFor } from './terminals.ts';
import { Chooser } from './screens/chooser.tsx';
import { Desk } from './screens/desk.tsx';
import { Floor } from './screens/floor.tsx';
import { Restaurant } from './screens/restaurant.tsx';
import { SignIn } from './screens/sign-in.tsx';

function App() {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    document.documentElement.lang = language.value;
    loadConfig()
      .then(async (loaded) => {
        if (loaded.signIn.kind === 'cognito' && (await completeCognitoSignIn(loaded.signIn)) !== 'nothing-to-do') path.value = location.pathname;
      })
      .catch(() => setFailed(true));
  }, []);

  if (failed) return <p class="message error">{t('errorNetwork')}</p>;
  if (!config.value) return <p class="message">{t('loading')}</p>;
  const who = staff.value;
  if (!who) return <SignIn />;
  return (
    <>
      <Screen role={who.role} />
      {signInRequired.value ? <SignIn again /> : null}
    </>
  );
}

function Screen({ role }: { role: string }) {
  const current = path.value;
  const allowed = terminalsFor(role);
  if (current.startsWith('/desk') && allowed.some((t) => t.id === 'desk')) return <Desk />;
  if (current.startsWith('/restaurant') && allowed.some((t) => t.id === 'restaurant')) return <Restaurant />;
  if (current.startsWith('/floor') && allowed.some((t) => t.id === 'floor')) return <Floor />;
  if (current !== '/') {
    // A link to a terminal this role does not have: the chooser, which lists only the ones it has.
    queueMicrotask(() => navigate(allowed.length === 1 ? allowed[0]!.path : '/', { replace: true }));
    return null;
  }
  if (allowed.length === 1) {
    queueMicrotask(() => navigate(allowed[0]!.path, { replace: true }));
    return null;
  }
  return <Chooser />;
}

render(<App />, document.getElementById('app')!);
