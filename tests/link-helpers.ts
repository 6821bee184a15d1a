/** Hand-built extractions in the shapes of src/extract/types.ts, for the link tests. */
import type { DistributionEntry, NameForm, Person, Place, Institution, RecordExtraction, RoleAttestation, Mention, MentionContext } from '../src/extract/types.js';

const span = { start: 0, end: 0, text: '' };

export function mention(context: MentionContext, lang = 'en'): Mention {
  return { span, lang, context };
}

export function person(key: string, preferredName: string, names: Array<[string, NameForm['kind'], string?]>, extra: Partial<Person> = {}): Person {
  return {
    key,
    preferredName,
    names: names.map(([value, kind, lang]) => ({ value, kind, lang: lang ?? (/\p{Script=Han}/u.test(value) ? 'zh-Hant' : 'en') })),
    mentions: [mention('body')],
    roles: [],
    affiliations: [],
    ...extra,
  };
}

export function role(label: string, asWritten = label): RoleAttestation {
  return { asWritten, label, span };
}

export function place(key: string, preferredName: string, names: string[] = [], kind: Place['kind'] = 'country'): Place {
  return { key, preferredName, names: names.map((value) => ({ value, kind: 'full', lang: /\p{Script=Han}/u.test(value) ? 'zh' : 'en' })), kind, mentions: [mention('body')] };
}

export function institution(key: string, preferredName: string, names: string[] = [], kind: Institution['kind'] = 'other'): Institution {
  return { key, preferredName, names: names.map((value) => ({ value, kind: 'full', lang: /\p{Script=Han}/u.test(value) ? 'zh' : 'en' })), kind, mentions: [mention('body')] };
}

export function copy(asWritten: string, resolved: DistributionEntry['resolved'], certainty: DistributionEntry['certainty'] = 'established'): DistributionEntry {
  const d: DistributionEntry = { span, asWritten, copies: 1, certainty };
  if (resolved) d.resolved = resolved;
  return d;
}

export function extraction(recordId: string, date: string | undefined, parts: Partial<Pick<RecordExtraction, 'people' | 'places' | 'institutions' | 'distribution' | 'event'>>): RecordExtraction {
  const ext: RecordExtraction = {
    doc: { file: `${recordId}.txt`, text: '', sha256: '0'.repeat(64), layout: 'plain-export', sections: [], contents: [], documentInformation: [], headings: [], header: [], turns: [], furniture: [], paragraphs: [], warnings: [] },
    recordId,
    record: { titles: [], funderKeys: [] },
    people: parts.people ?? [],
    institutions: parts.institutions ?? [],
    places: parts.places ?? [],
    dates: [],
    identifiers: [],
    turnSpeakers: [],
    turnAlignment: [],
    distribution: parts.distribution ?? [],
    admin: [],
    discrepancies: [],
  };
  if (parts.event) ext.event = parts.event;
  if (date) ext.record.date = { span, value: date, datatype: 'date', role: 'recordDate', lang: 'en' };
  return ext;
}
