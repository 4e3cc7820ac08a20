/**
 * The panel's language: a context holding the translator, `useT()` to read it, and the
 * switch. The language follows the browser's (`navigator.languages`) until the user picks
 * one; the entrypoint keeps the pick for every panel and the popup (`lib/ext/panel-prefs`).
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGES, english, resolveLanguage, translatorFor, type LanguageChoice, type Translate } from '../lib/i18n';

interface LanguageState {
  t: Translate;
  choice: LanguageChoice;
  choose(choice: LanguageChoice): void;
}

const LanguageContext = createContext<LanguageState>({ t: english, choice: 'auto', choose: () => undefined });

/** The translator of the panel's language. */
export function useT(): Translate {
  return useContext(LanguageContext).t;
}

/**
 * Provides the language: `initial` (the stored choice; defaults to `auto`, the browser's),
 * changed by the switch and handed to `onChoose` to be kept. Sets the document's `lang`.
 */
export function LanguageProvider({ children, initial = 'auto', onChoose }: { children: ReactNode; initial?: LanguageChoice; onChoose?: (choice: LanguageChoice) => void }) {
  const [choice, setChoice] = useState<LanguageChoice>(initial);
  const t = translatorFor(resolveLanguage(choice, navigator.languages ?? [navigator.language]));
  useEffect(() => {
    document.documentElement.lang = t.language;
  }, [t]);
  const value = useMemo(
    () => ({
      t,
      choice,
      choose(next: LanguageChoice) {
        onChoose?.(next);
        setChoice(next);
      },
    }),
    [t, choice, onChoose],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

/** The panel's language switch: the browser's language, or one of the catalogs (each named in itself). */
export function LanguageSwitch() {
  const { t, choice, choose } = useContext(LanguageContext);
  return (
    <label className="tool-check" title={t('language.title')}>
      {t('language.label')}
      <select data-testid="language" value={choice} onChange={(e) => choose(e.target.value as LanguageChoice)}>
        <option value="auto">{t('language.auto')}</option>
        {Object.entries(LANGUAGES).map(([id, name]) => (
          <option key={id} value={id} lang={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
