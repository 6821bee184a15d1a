/**
 * Wikidata linking (issue 5). What other stages import:
 *
 *   import { loadGazetteer, linkExtraction, linkQuads } from '../link/index.js';
 *   const gazetteer = loadGazetteer();                        // data/wikidata/gazetteer.ttl
 *   const results = extractions.map((x) => linkExtraction(x, gazetteer));
 *   store.load(linkQuads(results, base));                     // graph BASE graph/links
 *   store.load(gazetteer.quads -> graph BASE graph/gazetteer) // see gazetteerGraphQuads
 */
export { loadGazetteer, gazetteerFromQuads, DEFAULT_GAZETTEER } from './gazetteer.js';
export type { Gazetteer, GazetteerEntry, GazetteerLabel, PositionHeld, EntryType } from './gazetteer.js';
export { linkExtraction, linkSubject, subjectsOf, thresholdFor, MIN_MARGIN } from './reconcile.js';
export type { LinkResult, EntityLink, CandidateScore, LinkSubject, LinkOptions } from './reconcile.js';
export { linkQuads, entityIri } from './quads.js';
export { gazetteerGraphQuads } from './graph.js';
