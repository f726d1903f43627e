// Types for scripts/build.mjs, imported by benchmarks and tests.
import type { Metafile } from 'esbuild';

export const REPO_ROOT: string;
export const NODE_EXTERNALS: string[];
export const SERVER_BUNDLE: string;
export const SERVER_INPUTS: string;
export function externalPackagesOf(metafile: Metafile): string[];
export function buildServer(opts?: { appDir?: string }): Promise<{ outfile: string; workers: string[]; metafiles: Metafile[] }>;
export function buildElectron(opts?: { appDir?: string }): Promise<{ outfiles: string[]; workers: string[]; metafiles: Metafile[]; workerMetafiles: Metafile[] }>;
export function buildRenderer(): void;
export function serverBundleIsStale(appDir?: string): boolean;
export const CLI_BUNDLE: string;
export const CLI_INPUTS: string;
export function buildCli(opts?: { appDir?: string }): Promise<{ outfile: string; workers: string[]; metafiles: Metafile[] }>;
export function cliBundleIsStale(appDir?: string): boolean;
