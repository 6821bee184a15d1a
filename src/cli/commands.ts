import type { Command } from 'commander';
import * as bench from './bench.js';
import * as build from './build.js';
import * as dump from './dump.js';
import * as extract from './extract.js';
import * as gazetteer from './gazetteer.js';
import * as link from './link.js';
import * as read from './read.js';
import * as serve from './serve.js';
import * as start from './start.js';
import * as synth from './synth.js';
import * as validate from './validate.js';

export interface CommandModule {
  register(program: Command): void;
}

// One line per command module. Keep the list sorted by command name.
export const commandModules: CommandModule[] = [bench, build, dump, extract, gazetteer, link, read, serve, start, synth, validate];
