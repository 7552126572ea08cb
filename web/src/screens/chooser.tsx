import { t } from '../i18n.ts';
import { staff } from '../session.ts';
import { terminalsFor } from '../terminals.ts';
import { Link, TopBar } from '../ui.tsx';

export function Chooser() {
  const available = terminalsFor(staff.value?.role ?? '');
  return (
    <>
      <TopBar title={t('appName')} />
      <main id="main" class="page">
        <h1>{t('chooserTitle')}</h1>
        {available.length === 0 ? <p class="message warn">{t('chooserNone')}</p> : null}
        <ul class="tiles">
          {available.map((terminal) => (
            <li key={terminal.id}>
              <Link href={terminal.path} class="tile">
                <strong>{t(terminal.label)}</strong>
                <span>{t(terminal.hint)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
