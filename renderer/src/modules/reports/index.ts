import { placeholderModule } from '../EmptyModule';

// Placeholder until the reports pages land: replace with this module's own definition (a Page that
// routes within #/reports/...).
export const reportsModule = placeholderModule('reports', ['reports.read']);
