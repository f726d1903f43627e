import { en } from './en';
import { vi, type Messages } from './vi';

export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];
export const DEFAULT_LANGUAGE: Language = 'vi';
export const catalogues: Record<Language, Messages> = { vi, en };
export type { Messages };
