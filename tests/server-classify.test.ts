import { describe, expect, it } from 'vitest';
import { classify } from '../src/server/classify.js';
import { HttpError } from '../src/server/errors.js';
import { countJsonBindings } from '../src/store/results.js';

const BASE = 'http://localhost:3030/';

describe('classify', () => {
  it.each([
    ['SELECT * WHERE { ?s ?p ?o }', false, false],
    ['SELECT (now() AS ?t) WHERE {}', true, false],
    ['SELECT (RAND() AS ?r) WHERE {}', true, false],
    ['SELECT ?x WHERE { ?x ?p ?o FILTER(?o != BNODE()) }', true, false],
    ['SELECT (STRUUID() AS ?u) WHERE {}', true, false],
    ['SELECT ?x WHERE { SERVICE <http://example.org/sparql> { ?x ?p ?o } }', true, true],
    // Words in comments, strings and IRIs are not calls: these answers depend on the data only.
    ['# asks no other service\nSELECT ?x WHERE { ?x ?p "SERVICE now()" }', false, false],
    ['SELECT ?x WHERE { ?x <http://example.org/uuid> ?o }', false, false],
  ])('%s: volatile %s, service %s', (text, volatile, service) => {
    const cls = classify(text, BASE, 'query');
    expect(cls).toMatchObject({ type: 'query', volatile, service });
  });

  it('gives the same frozen answer for a text seen before, and still rejects syntax errors each time', () => {
    const text = 'SELECT ?s WHERE { ?s ?p ?o } # remembered';
    const first = classify(text, BASE, 'query');
    expect(classify(text, BASE, 'query')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(classify('DELETE WHERE { ?s ?p ?o }', BASE, 'update')).toEqual({ type: 'update' });
    for (let i = 0; i < 2; i++) {
      expect(() => classify('SELECT ?s WHERE { ?s ?p }', BASE, 'query')).toThrow(HttpError);
    }
  });
});

describe('countJsonBindings', () => {
  it('counts the rows of SPARQL JSON results, whatever their strings hold', () => {
    const result = {
      head: { vars: ['s', 'o'] },
      results: {
        bindings: [
          { s: { type: 'uri', value: 'http://x/a' }, o: { type: 'literal', value: 'brace } and {, bracket ], quote \\" and "' } },
          { s: { type: 'bnode', value: 'b0' } },
          {},
          { o: { type: 'triple', value: { subject: { type: 'uri', value: 's' }, predicate: { type: 'uri', value: 'p' }, object: { type: 'literal', value: '\\' } } } },
        ],
      },
    };
    expect(countJsonBindings(JSON.stringify(result))).toBe(4);
    expect(countJsonBindings('{"head":{"vars":[]},"results":{"bindings":[]}}')).toBe(0);
  });

  it('says undefined for text laid out otherwise, so the caller parses it', () => {
    expect(countJsonBindings('{"head":{},"boolean":true}')).toBeUndefined();
    expect(countJsonBindings('{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"x')).toBeUndefined();
  });
});
