/**
 * The model's read-once literals (src/model/literal.ts) answer every RDF/JS question exactly as n3's literals do:
 * same id and class, same value, language, direction and datatype, equal both ways.
 */
import { describe, expect, it } from 'vitest';
import { DataFactory, Literal, Writer } from 'n3';
import type { NamedNode } from '@rdfjs/types';
import { literal } from '../src/model/literal.js';
import { quadToLine } from '../src/rdf/index.js';
import { XSD } from '../src/vocab/index.js';

const cases: Array<[string, string | NamedNode | undefined]> = [
  ['plain', undefined],
  ['', undefined],
  ['a "quoted" text with -- dashes\nand a newline', 'en'],
  ['趙林', 'zh-Hant'],
  ['12', XSD.integer],
  ['true', XSD.boolean],
  ['explicit string', XSD.string],
  ['1966-03-04', XSD.date],
  ['ends with a quote"', 'ru'],
];

describe('model literal', () => {
  it('is an n3 Literal with the id, parts and text n3 gives', () => {
    for (const [value, tagOrType] of cases) {
      const ours = literal(value, tagOrType);
      const n3 = DataFactory.literal(value, tagOrType);
      expect(ours).toBeInstanceOf(Literal);
      expect(ours.termType).toBe('Literal');
      expect((ours as unknown as { id: string }).id).toBe(n3.id);
      expect(ours.value).toBe(n3.value);
      expect(ours.language).toBe(n3.language);
      expect((ours as unknown as { direction: string }).direction).toBe((n3 as unknown as { direction: string }).direction);
      expect(ours.datatype.value).toBe(n3.datatype.value);
      expect(ours.datatype.termType).toBe('NamedNode');
      expect(ours.equals(n3)).toBe(true);
      expect(n3.equals(ours)).toBe(true);
      expect(ours).toEqual(n3);
      const q = DataFactory.quad(DataFactory.namedNode('http://example.org/s'), DataFactory.namedNode('http://example.org/p'), ours);
      const q3 = DataFactory.quad(q.subject, q.predicate, n3);
      expect(quadToLine(q)).toBe(quadToLine(q3));
      expect(new Writer({ format: 'Turtle' }).quadToString(q.subject, q.predicate, ours)).toBe(new Writer({ format: 'Turtle' }).quadToString(q.subject, q.predicate, n3));
    }
  });

  it('keeps its parts read-only and out of enumeration', () => {
    const l = literal('12', XSD.integer);
    expect(Object.keys(l)).toEqual(Object.keys(DataFactory.literal('12', XSD.integer)));
    expect(() => {
      (l as unknown as { value: string }).value = '13';
    }).toThrow(TypeError);
    expect(l.value).toBe('12');
    expect(literal('1', XSD.integer).datatype).toBe(l.datatype);
  });
});
