import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

/**
 * Every command by name, loaded on demand: a command's module imports its whole stage (the server, the extractor,
 * ...), so `archive-ld build` does not wait for the server's modules nor `serve` for the extractor's.
 * One line per command module. Keep the list sorted by command name.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<CommandModule>>> = {
  bench: () => import('./bench.js'),
  build: () => import('./build.js'),
  dump: () => import('./dump.js'),
  extract: () => import('./extract.js'),
  gazetteer: () => import('./gazetteer.js'),
  link: () => import('./link.js'),
  read: () => import('./read.js'),
  serve: () => import('./serve.js'),
  start: () => import('./start.js'),
  synth: () => import('./synth.js'),
  validate: () => import('./validate.js'),
};

/** The modules to register for a command line: only the named command's when there is one, else all (help, errors). */
export async function commandModulesFor(argv: readonly string[]): Promise<CommandModule[]> {
  const name = argv[2];
  const loader = name !== undefined && Object.hasOwn(commandLoaders, name) ? commandLoaders[name] : undefined;
  return Promise.all(loader ? [loader()] : Object.values(commandLoaders).map((load) => load()));
}
