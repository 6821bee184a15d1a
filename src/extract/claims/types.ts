/**
 * Claims (issue 4): what each speaker (or a record's author) asserts, as data a graph can hold without asserting it.
 *
 *   extractClaims(ext: RecordExtraction): Claim[]               (src/extract/claims/index.ts)
 *   findDiscrepancies(ext: RecordExtraction): Discrepancy[]     (number, polarity, pages, name differences)
 *   claimsToQuads(ext, claims, base): Quad[]                    (src/model/claims.ts)
 */
import type { LangTag, Span, TextPart } from '../types.js';

/** Local names of the concepts in ontology/stances.ttl. */
export type StanceKey = 'asserts' | 'denies' | 'concedes' | 'proposes' | 'demands' | 'promises';

/** A quantity stated in a sentence: a value or a range, a unit, and the words as written. */
export interface Quantity {
  span: Span;
  lang: LangTag;
  /** Exact value where the words give one ("650 million" -> 650000000). */
  value?: number;
  /** Range of a vague quantity ("tens of thousands" -> 20000..99999). */
  min?: number;
  max?: number;
  approximate: boolean;
  /** Unit key from data/lexicon/claims.json `units` ("person", "kilometre"). */
  unit: string;
  /** English label of the unit ("people"). */
  unitLabel: string;
}

/** Structured content as the claimant put it: a reified statement with labels as written, never asserted. */
export interface ClaimContent {
  subject: string;
  predicate: string;
  object: string;
  negated: boolean;
}

export type ClaimRelationType = 'disputes' | 'supports' | 'repeats' | 'respondsTo' | 'reportOf';

export interface ClaimRelation {
  type: ClaimRelationType;
  /** Index (Claim.n) of the other claim in the same record. */
  target: number;
}

export interface Claim {
  /** 0-based position in the record's claim list; mints BASE record/{id}/claim/{n}. */
  n: number;
  /** 'claim' asserts something about the world; 'speechAct' is procedural speech about the conversation itself. */
  kind: 'claim' | 'speechAct';
  /** Person key of the claimant (for a reported claim: the original claimant). Absent when nobody could be resolved. */
  claimant?: string;
  /** Institution key of the claimant when an institution, not a person, writes the record ("Cable from the Legation"). */
  claimantInstitution?: string;
  /** Person key of the one who reports a claim made by somebody else ("X said that ..."). */
  reportedBy?: string;
  /** The turn the words are in (the English turn where the record has a translation). */
  turn?: { part: TextPart; index: number };
  /** The original-language turn aligned with `turn`. */
  originalTurn?: { part: TextPart; index: number };
  /** The exact span of the claim (English where there is a translation). */
  span: Span;
  lang: LangTag;
  /** The aligned span in the original-language text, where turns are aligned. */
  original?: Span;
  originalLang?: LangTag;
  /** Local names of concepts in ontology/topics.ttl. */
  topics: string[];
  /** Noun phrases as written, kept when no topic matched (and the first few otherwise). */
  keyPhrases: string[];
  stance: StanceKey;
  quantities: Quantity[];
  content?: ClaimContent;
  relations: ClaimRelation[];
}
