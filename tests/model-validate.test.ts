import { describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { validate, formatReport } from '../src/validate/index.js';
import { toQuads, iris, DEFAULT_BASE } from '../src/model/index.js';
import { ALD, OA, RDF, RDFS, SCHEMA, RICO, XSD } from '../src/vocab/index.js';
import type { RecordExtraction } from '../src/extract/types.js';
import { fixtureExtraction, spanOf } from './model-fixture.js';

const OPTS = { base: DEFAULT_BASE, version: '0.1.0' };
const I = iris(DEFAULT_BASE);
const ID = 'wcda-900001';

function build(change?: (ext: RecordExtraction) => void): Quad[] {
  const ext = fixtureExtraction();
  change?.(ext);
  return toQuads(ext, OPTS);
}
const without = (quads: Quad[], pred: (q: Quad) => boolean) => quads.filter((q) => !pred(q));

describe('validate', () => {
  it('accepts the graph of a well-formed extraction', async () => {
    const report = await validate(build());
    expect(report.results).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('warns about a turn whose speaker was not identified, without failing the graph', async () => {
    const report = await validate(build((e) => (e.turnSpeakers[2] = undefined)));
    expect(report.results).toEqual([
      expect.objectContaining({
        focusNode: I.turn(ID, 'translation', 0).value,
        path: ALD.speaker.value,
        message: 'The speaker of this turn was not identified (no ald:speaker); the tag as written is in ald:speakerTag.',
        severity: 'Warning',
      }),
    ]);
    expect(report.results.filter((r) => r.severity === 'Violation')).toEqual([]);
  });

  it('fails a turn whose speaker is not described as a person in the graph', async () => {
    const report = await validate(build((e) => (e.turnSpeakers[0] = 'nobody-known')));
    expect(report.results.map((r) => r.focusNode)).toContain(I.turn(ID, 'original', 0).value);
  });

  it('fails a person without a name', async () => {
    const quads = without(build(), (q) => q.subject.equals(I.person('ivan-petrov')) && q.predicate.equals(RDFS.label));
    const report = await validate(quads);
    expect(report.conforms).toBe(false);
    expect(report.results).toContainEqual(
      expect.objectContaining({ focusNode: I.person('ivan-petrov').value, path: RDFS.label.value, message: expect.stringMatching(/^A person needs a name/) }),
    );
  });

  it('fails two labels in one language', async () => {
    const g = I.graph(ID);
    const quads = [...build(), DataFactory.quad(I.person('zhao-lin'), RDFS.label, DataFactory.literal('Chao Lin', 'en'), g)];
    const report = await validate(quads);
    expect(report.results.some((r) => r.focusNode === I.person('zhao-lin').value && r.path === RDFS.label.value)).toBe(true);
  });

  it('fails a mention that lacks its position selector', async () => {
    const span = spanOf('趙林');
    const target = `${I.mention(ID, span.start, span.end).value}/target`;
    const quads = without(build(), (q) => q.subject.value === target && q.predicate.equals(OA.hasSelector) && q.object.value.endsWith('/position'));
    const report = await validate(quads);
    expect(report.conforms).toBe(false);
    const onTarget = report.results.filter((r) => r.focusNode === target).map((r) => r.message);
    expect(onTarget).toContain('A text target needs two selectors: an oa:TextQuoteSelector and an oa:TextPositionSelector.');
    expect(onTarget).toContain('A text target needs exactly one oa:TextQuoteSelector and one oa:TextPositionSelector (has 1 and 0).');
  });

  it('fails a target with two quote selectors and no position selector', async () => {
    const span = spanOf('趙林');
    const target = `${I.mention(ID, span.start, span.end).value}/target`;
    const position = DataFactory.namedNode(`${target}/position`);
    const quads = build().map((q) =>
      q.subject.equals(position) && q.predicate.equals(RDF.type) ? DataFactory.quad(position, RDF.type, OA.TextQuoteSelector, q.graph) : q,
    );
    const report = await validate(quads);
    expect(report.results.filter((r) => r.focusNode === target).map((r) => r.message)).toContain(
      'A text target needs exactly one oa:TextQuoteSelector and one oa:TextPositionSelector (has 2 and 0).',
    );
  });

  it('fails a span whose text disagrees with its offsets', async () => {
    const report = await validate(build((e) => (e.people[0]!.mentions[1]!.span = { ...spanOf('趙林'), text: '趙X' })));
    expect(report.conforms).toBe(false);
    expect(report.results).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/^Quote "趙X" does not match the text at \d+-\d+ \("趙林"\)/), source: 'code:text-position' }),
    );
  });

  it('fails a span whose length disagrees with its offsets', async () => {
    const report = await validate(build((e) => (e.people[0]!.mentions[1]!.span = { ...spanOf('趙林'), text: '趙林副' })));
    expect(report.results.some((r) => /is 3 code units long but its position is \d+-\d+ \(2\)/.test(r.message))).toBe(true);
  });

  it('fails a position selector whose start is not before its end', async () => {
    const report = await validate(build((e) => (e.dates[0]!.span = { start: 5, end: 5, text: '' })));
    expect(report.conforms).toBe(false);
    expect(report.results.some((r) => r.path === OA.start.value && /lower than its oa:end/.test(r.message))).toBe(true);
  });

  it('fails a date that is not typed', async () => {
    const g = I.graph(ID);
    const rec = I.record(ID);
    const quads = [
      ...without(build(), (q) => q.subject.equals(rec) && q.predicate.equals(SCHEMA.dateCreated)),
      DataFactory.quad(rec, SCHEMA.dateCreated, DataFactory.literal('March 3, 1963'), g),
    ];
    const report = await validate(quads);
    expect(report.results.some((r) => r.path === SCHEMA.dateCreated.value && r.focusNode === rec.value)).toBe(true);
  });

  it('fails an ill-typed xsd:date literal', async () => {
    const g = I.graph(ID);
    const rec = I.record(ID);
    const quads = [
      ...without(build(), (q) => q.subject.equals(rec) && q.predicate.equals(SCHEMA.dateCreated)),
      DataFactory.quad(rec, SCHEMA.dateCreated, DataFactory.literal('1963-13-45', XSD.date), g),
    ];
    expect((await validate(quads)).conforms).toBe(false);
  });

  it('fails a record with neither an archival identifier nor a source URL', async () => {
    const report = await validate(build((e) => {
      e.identifiers = [];
      delete e.record.sourceUrl;
    }));
    expect(report.results).toContainEqual(
      expect.objectContaining({ focusNode: I.record(ID).value, message: expect.stringMatching(/archival identifier .* or a source URL/) }),
    );
  });

  it('accepts a record with only an archival identifier', async () => {
    expect((await validate(build((e) => delete e.record.sourceUrl))).conforms).toBe(true);
  });

  it('fails a record without a title', async () => {
    const rec = I.record(ID);
    const quads = without(build(), (q) => q.subject.equals(rec) && (q.predicate.equals(RDFS.label) || q.predicate.equals(RICO.title)));
    const report = await validate(quads);
    expect(report.results.filter((r) => r.focusNode === rec.value).map((r) => r.path).sort()).toEqual([RDFS.label.value, RICO.title.value].sort());
  });

  it('validates each record graph on its own, so two records may name a person differently', async () => {
    const a = build();
    const b = build((e) => {
      e.recordId = 'wcda-900002';
      e.people[0]!.preferredName = 'Chao Lin';
      e.people[0]!.names[0]!.value = 'Chao Lin';
    });
    const report = await validate([...a, ...b]);
    expect(report.results).toEqual([]);
  });
});

describe('validate: concurrent calls', () => {
  it('keeps the reports of simultaneous validations apart', async () => {
    const [good, bad] = await Promise.all([validate(build()), validate(build((e) => (e.turnSpeakers[2] = 'nobody-known')))]);
    expect(good.results).toEqual([]);
    expect(bad.results.map((r) => r.focusNode)).toEqual([I.turn(ID, 'translation', 0).value]);
  });
});

describe('formatReport', () => {
  it('lists focus node, path and message of each result', async () => {
    const report = await validate(build((e) => (e.turnSpeakers[2] = 'nobody-known')));
    const text = formatReport(report, 'out.trig');
    expect(text).toMatch(/^out\.trig: does NOT conform to the shapes \(ontology\/shapes\.ttl\): 1 violation\(s\), 0 other result\(s\)\./);
    expect(text).toContain(`    focus node: <${I.turn(ID, 'translation', 0).value}>`);
    expect(text).toContain(`    path:       <${ALD.speaker.value}>`);
    expect(text).toContain('- Violation: A turn has at most one speaker');
  });

  it('says so when the data conforms', async () => {
    expect(formatReport(await validate(build()), 'x.nq')).toBe('x.nq: conforms to the shapes (ontology/shapes.ttl).\n');
  });
});

describe('checkLiterals', () => {
  it('names the node, property and value of an impossible date', async () => {
    const { checkLiterals } = await import('../src/validate/index.js');
    const s = DataFactory.namedNode('http://e/s');
    const p = DataFactory.namedNode('http://e/p');
    const issues = checkLiterals([
      DataFactory.quad(s, p, DataFactory.literal('1962-02-30', XSD.date)),
      DataFactory.quad(s, p, DataFactory.literal('1964-02-29', XSD.date)),
      DataFactory.quad(s, p, DataFactory.literal('1962-08-09T18:00:00', XSD.dateTime)),
      DataFactory.quad(s, p, DataFactory.literal('-3', XSD.nonNegativeInteger)),
    ]);
    expect(issues.map((i) => i.value)).toEqual(['1962-02-30', '-3']);
    expect(issues[0]).toMatchObject({ focusNode: 'http://e/s', path: 'http://e/p', severity: 'Violation' });
  });
});

describe('validate: claims', () => {
  it('fails a claim that names no record and has no span', async () => {
    const g = I.graph(ID);
    const claim = DataFactory.namedNode(`${I.record(ID).value}/claim/1`);
    const Claim = DataFactory.namedNode(`${ALD.$ns}Claim`);
    const quads = [
      ...build(),
      DataFactory.quad(claim, RDF.type, Claim, g),
      DataFactory.quad(claim, SCHEMA.text, DataFactory.literal('We never agreed to this.', 'en'), g),
    ];
    const report = await validate(quads);
    expect(report.conforms).toBe(false);
    expect(report.results.filter((r) => r.focusNode === claim.value).map((r) => r.message).sort()).toEqual([
      'A claim or speech act needs its span in the text (ald:sourceSpan with quote and position selectors).',
      'A claim or speech act needs the record it is stated in (ald:statedIn).',
    ]);
  });
});
