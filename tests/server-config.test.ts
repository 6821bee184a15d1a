import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULTS, loadConfig } from '../src/config/index.js';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3030, base http://localhost:3030/, 10 s deadline and updates off', () => {
    const c = loadConfig({}, {});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(3030);
    expect(c.base).toBe('http://localhost:3030/');
    expect(c.queryTimeoutMs).toBe(10_000);
    expect(c.updateToken).toBeUndefined();
    expect(c.dataDir).toBe(DEFAULTS.dataDir);
  });

  it('takes environment variables over defaults and flags over environment variables', () => {
    const env = { PORT: '8080', HOST: '0.0.0.0', QUERY_TIMEOUT_MS: '2500', UPDATE_TOKEN: 'from-env-token' };
    expect(loadConfig({}, env)).toMatchObject({ port: 8080, host: '0.0.0.0', queryTimeoutMs: 2500, updateToken: 'from-env-token' });
    expect(loadConfig({ port: '9090' }, env).port).toBe(9090);
  });

  it('adds the trailing slash a base IRI needs', () => {
    expect(loadConfig({ base: 'https://data.example.org/ld' }, {}).base).toBe('https://data.example.org/ld/');
  });

  it('resolves relative folders against the working directory', () => {
    expect(loadConfig({ outDir: 'some/out' }, {}).outDir).toBe(`${process.cwd()}/some/out`);
  });

  it('names the flag, the range and the bad value', () => {
    expect(() => loadConfig({ port: 'abc' }, {})).toThrow("--port must be an integer 0-65535, got 'abc'");
    expect(() => loadConfig({}, { QUERY_TIMEOUT_MS: '-5' })).toThrow("QUERY_TIMEOUT_MS must be an integer 1-3600000, got '-5'");
  });

  it('lists every invalid value at once', () => {
    try {
      loadConfig({ port: '70000', base: 'not an iri', workers: '0', logLevel: 'loud' }, {});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const m = (err as Error).message;
      expect(m).toContain('--port');
      expect(m).toContain('--base');
      expect(m).toContain('--workers');
      expect(m).toContain('--log-level');
    }
  });

  it('sizes the response cache in MiB from RESPONSE_CACHE_MB or --response-cache-mb, 0 turning it off', async () => {
    expect(loadConfig({}, {}).responseCacheMb).toBe(64);
    expect(loadConfig({}, { RESPONSE_CACHE_MB: '0' }).responseCacheMb).toBe(0);
    expect(loadConfig({ responseCacheMb: '16' }, { RESPONSE_CACHE_MB: '0' }).responseCacheMb).toBe(16);
    expect(() => loadConfig({}, { RESPONSE_CACHE_MB: '-1' })).toThrow("RESPONSE_CACHE_MB must be an integer 0-65536, got '-1'");
    const { responseCacheBytes } = await import('../src/cli/serve.js');
    expect(responseCacheBytes(loadConfig({ responseCacheMb: '2' }, {}))).toBe(2 * 1024 * 1024);
  });

  it('refuses a short update token', () => {
    expect(() => loadConfig({ updateToken: 'abc' }, {})).toThrow(/--token must be at least 8 characters/);
  });
});

describe('createLogger', () => {
  const sink = (isTTY: boolean) => {
    const lines: string[] = [];
    const stream = { isTTY, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream;
    return { lines, stream };
  };

  it('writes short human-readable lines by default, terminal or not', async () => {
    const { createLogger } = await import('../src/config/logger.js');
    const { lines, stream } = sink(false);
    createLogger('info', stream, 'text').info({ records: 3 }, 'built');
    expect(lines.join('')).toMatch(/^\d\d:\d\d:\d\d info  built  records=3\n$/);
  });

  it('writes JSON lines for log collectors when asked (LOG_FORMAT=json)', async () => {
    const { createLogger } = await import('../src/config/logger.js');
    const { lines, stream } = sink(false);
    createLogger('info', stream, 'json').warn({ file: 'x.txt' }, 'skipped');
    expect(JSON.parse(lines.join(''))).toMatchObject({ level: 40, msg: 'skipped', file: 'x.txt' });
  });
});
