import type { Command } from 'commander';
import * as gazetteer from './gazetteer.js';

export interface CommandModule {
  register(program: Command): void;
}

// One line per command module. Keep the list sorted by command name.
export const commandModules: CommandModule[] = [gazetteer];
