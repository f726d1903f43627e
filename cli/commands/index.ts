import type { CliCommand } from '../command';
import { foundationCommands } from './foundation';

// Every `vanthu` command. Each domain exports its own array and adds one line here.
export const COMMANDS: CliCommand<any>[] = [...foundationCommands];
