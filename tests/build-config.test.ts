import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from '../src/config/index.js';
import { flagsToInput } from '../src/config/cli-options.js';

describe('build jobs option', () => {
  it('defaults to the number of cores the process may use', () => {
    expect(loadConfig({}, {}).jobs).toBe(Math.max(1, availableParallelism()));
  });

  it('takes JOBS from the environment and --jobs over it', () => {
    expect(loadConfig({}, { JOBS: '3' }).jobs).toBe(3);
    expect(loadConfig(flagsToInput({ jobs: '1' }), { JOBS: '3' }).jobs).toBe(1);
  });

  it('refuses a value that is not a positive integer, naming the flag or variable', () => {
    expect(() => loadConfig({ jobs: '0' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ jobs: '0' }, {})).toThrow("--jobs must be an integer 1-256, got '0'");
    expect(() => loadConfig({}, { JOBS: 'two' })).toThrow("JOBS must be an integer 1-256, got 'two'");
  });
});
