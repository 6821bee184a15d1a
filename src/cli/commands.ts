import type { Command } from 'commander';
import * as extract from './extract.js';
import * as gazetteer from './gazetteer.js';
import * as validate from './validate.js';

export interface CommandModule {
  register(program: Command): void;
}

// One line per command module. Keep the list sorted by command name.
export const commandModules: CommandModule[] = [extract, gazetteer, validate];
