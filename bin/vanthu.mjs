#!/usr/bin/env node
// `npx vanthu …`: runs the TypeScript CLI through tsx, so the command always matches the source.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
