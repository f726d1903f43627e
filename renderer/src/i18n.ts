import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues, DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../shared/i18n/index';

// All UI text goes through i18next. Vietnamese is the default; the choice is remembered per
// computer in localStorage.

export const LANGUAGE_KEY = 'vanthu.language';

export function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(LANGUAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(v ?? '') ? (v as Language) : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** A fresh i18next instance (one per app; tests create their own). */
export function createI18n(lng: Language = storedLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { vi: { translation: catalogues.vi }, en: { translation: catalogues.en } },
    lng,
    fallbackLng: 'vi',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = lng;
  instance.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  return instance;
}

export function setLanguage(i18n: I18n, lng: Language): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, lng);
  } catch {
    /* private mode: the choice lasts for this window only */
  }
  void i18n.changeLanguage(lng);
}

/** Locale for dates and numbers in the current language. */
export function localeOf(lng: string): string {
  return lng === 'en' ? 'en-GB' : 'vi-VN';
}

export function formatDateTime(iso: string, lng: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(localeOf(lng), { hour: '2-digit', minute: '2-digit', second: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });
}
