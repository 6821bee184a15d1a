/**
 * A small hand-written dataset (invented records in our model's shape) and a ServerContext over a real
 * WorkerPool loaded with it, for the server and protocol tests.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig, type Config, type ConfigInput } from '../src/config/index.js';
import type { ServerContext } from '../src/server/context.js';
import { WorkerPool } from '../src/store/pool.js';

export const BASE = 'http://localhost:3030/';
export const ALD = 'http://localhost:3030/ontology#';

/** Two invented records, two people, one institution, and a sliver of ontology. */
export const TRIG = `
@prefix ald: <${ALD}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

<${BASE}graph/test-1> {
  <${BASE}record/test-1> a ald:Record ; rdfs:label "Record of a conversation about river navigation"@en ;
    ald:records <${BASE}record/test-1/event> .
  <${BASE}record/test-1/event> a ald:Meeting ; ald:participant <${BASE}person/ivan-petrenko>, <${BASE}person/li-wenming> .
  <${BASE}person/ivan-petrenko> a ald:Person, schema:Person ; rdfs:label "Ivan Petrenko"@en ;
    ald:memberOf <${BASE}org/ministry-of-waterways> .
  <${BASE}person/li-wenming> a ald:Person, schema:Person ; rdfs:label "Li Wenming"@en, "李文明"@zh-Hant .
  <${BASE}org/ministry-of-waterways> a ald:Institution ; rdfs:label "Ministry of Waterways"@en .
}

<${BASE}graph/test-2> {
  <${BASE}record/test-2> a ald:Record ; rdfs:label "Cable on a trade delegation"@en .
  <${BASE}person/li-wenming> a ald:Person ; rdfs:label "Li Wenming"@en .
}

<${BASE}graph/ontology> {
  ald:Record a owl:Class ; rdfs:label "Record"@en .
  ald:Person a owl:Class ; rdfs:label "Person"@en .
}
`;

export interface TestServer {
  ctx: ServerContext;
  pool: WorkerPool;
  dir: string;
  config: Config;
}

/** Start a pool over TRIG (plus `extra` filler N-Quads) and a context with dumps in a temp folder. */
export async function startTestServer(overrides: ConfigInput = {}, extra = ''): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'server-test-'));
  const config = loadConfig({ outDir: dir, workers: 2, ...overrides }, {});
  const pool = await WorkerPool.start({
    inline: [{ text: TRIG, format: 'application/trig' }, ...(extra ? [{ text: extra, format: 'application/n-quads' as const }] : [])],
    journalPath: join(dir, 'updates.jsonl'),
    workers: config.workers,
    timeoutMs: config.queryTimeoutMs,
    maxQueue: config.maxQueue,
    resultCap: config.resultCap,
    baseIri: config.base,
  });
  const dumpsDir = join(dir, 'dumps');
  mkdirSync(join(dumpsDir, 'records'), { recursive: true });
  const nq = `<${BASE}record/test-1> <http://www.w3.org/2000/01/rdf-schema#label> "x" <${BASE}graph/test-1> .\n`.repeat(1);
  writeFileSync(join(dumpsDir, 'dataset.nq'), nq.padEnd(4000, '#'));
  writeFileSync(join(dumpsDir, 'dataset.nq.gz'), gzipSync(nq.padEnd(4000, '#')));
  writeFileSync(join(dumpsDir, 'records', 'test-1.trig'), TRIG);
  writeFileSync(join(dumpsDir, 'void.ttl'), `<${BASE}void> a <http://rdfs.org/ns/void#Dataset> .\n`);
  const ctx: ServerContext = { config, base: config.base, store: pool, dumpsDir, logger: pino({ level: 'silent' }) };
  return { ctx, pool, dir, config };
}
