import type { CliCommand } from '../command';
import { foundationCommands } from './foundation';
import { documentsCommands } from './documents';
import { exchangeCommands } from './exchange';
import { searchCommands } from './search';
import { signCommand, trustAddCommand, trustListCommand, verifyCommand } from './signing';

// Every `vanthu` command. Each domain exports its own array and adds one line here.
export const COMMANDS: CliCommand<any>[] = [...foundationCommands, ...documentsCommands, ...exchangeCommands, ...searchCommands, signCommand, verifyCommand, trustAddCommand, trustListCommand];
