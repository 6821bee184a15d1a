/**
 * The contract between the stages of archive-ld.
 *
 *   reader  : (file, text)            -> RecordDoc          (src/extract/reader/)
 *   entities: RecordDoc               -> RecordExtraction   (src/extract/)
 *   model   : RecordExtraction        -> RDF/JS quads       (src/model/)
 *
 * Every `Span` is a half-open range of UTF-16 code units into `RecordDoc.text`, the record's full source
 * text exactly as read (after HTML reduction for HTML input, otherwise byte-for-byte decoded UTF-8 with a
 * leading BOM removed and nothing else changed). Invariant, checked by tests for every span:
 * `doc.text.slice(span.start, span.end) === span.text`.
 */

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** BCP 47 tag: 'en', 'zh-Hant', 'zh-Hans', 'zh' (script unknown or mixed), 'ru', 'de', 'ro', 'hu', 'ko', 'vi', ... */
export type LangTag = string;

/** Which layout of the archive's exports the reader recognised. */
export type Layout =
  | 'plain-export' // the archive's plain-text export (like the seed)
  | 'web-current' // current web page reduced to text: body first, then "Document Information"
  | 'web-legacy' // older web page: "Citation / get citation" box, then "English HTML"
  | 'pdf-export' // PDF export as text: header fields on one line, page numbers glued to lines
  | 'unknown';

export type SectionKind =
  | 'date'
  | 'title'
  | 'citation'
  | 'url'
  | 'summary'
  | 'credits'
  | 'originalLanguage'
  | 'contents'
  | 'original' // the original-language text (furniture included; see RecordDoc.furniture)
  | 'translation' // the English translation (header block and turns included)
  | 'documentInformation'
  | 'other';

export interface Section {
  kind: SectionKind;
  /** The label as written ("Citation:", "Summary"), absent for unlabelled sections. */
  label?: Span;
  /** The content without its label, trimmed. */
  content: Span;
}

/** Normalised keys of header-block fields; the labels as written are mapped through data/lexicon/header-labels.json. */
export type HeaderKey =
  | 'time'
  | 'venue'
  | 'alsoPresent'
  | 'interpreter'
  | 'minutesBy'
  | 'participants'
  | 'from'
  | 'to'
  | 'subject'
  | 'copy'
  | 'other';

export interface HeaderField {
  key: HeaderKey;
  label: Span;
  value: Span;
  /** 'original' when in the original-language text, 'translation' when in the English. */
  part: TextPart;
}

export type TextPart = 'original' | 'translation';

export interface Turn {
  /** 0-based order within its part. */
  index: number;
  part: TextPart;
  /** The speaker tag as written, without the colon: "Gromyko", "周", "Com. Dorticos". */
  speaker: Span;
  /** The words spoken, from after the colon to the end of the turn (may span several paragraphs). */
  body: Span;
}

export type FurnitureKind =
  | 'pageNumber'
  | 'runningHeader' // a file number repeated as a page header
  | 'pageMarker' // "— 上 —", "- 2 -"
  | 'archiveStamp' // 外交部开放档案 and the like
  | 'separator'; // "[...]"

export interface Furniture {
  kind: FurnitureKind;
  span: Span;
}

/** A label line of the current web layout's "Document Information" block, or any other labelled field. */
export interface LabelledField {
  /** Label as written, e.g. "Original Archive". */
  label: string;
  labelSpan: Span;
  /** Absent where the label has nothing under it. */
  value?: Span;
}

export interface RecordDoc {
  /** Path as given to the reader (used in messages and provenance). */
  file: string;
  text: string;
  /** Hex SHA-256 of the input bytes. */
  sha256: string;
  layout: Layout;
  sections: Section[];
  /** The date line as written ("August 9, 1962"). */
  date?: Span;
  /** The main title (bold title, or taken from the citation string), whitespace as written. */
  title?: Span;
  citation?: Span;
  url?: Span;
  summary?: Span;
  credits?: Span;
  originalLanguage?: Span;
  contents: Span[];
  documentInformation: LabelledField[];
  /** The original-language text region, if present. */
  original?: Span;
  /** The English translation region, if present. */
  translation?: Span;
  /** Headings at the start of the translation (translated title, subtitle) and of the original. */
  headings: Array<{ part: TextPart; span: Span }>;
  header: HeaderField[];
  turns: Turn[];
  furniture: Furniture[];
  /** Paragraphs of running text (both parts), furniture and headers excluded, for sentence-level work. */
  paragraphs: Array<{ part: TextPart; span: Span }>;
  /** Things the reader noticed but could read past (cut-off text, unknown section label). */
  warnings: ReaderWarning[];
}

/** A RecordDoc with nothing found yet: the reader fills it in; tests build documents from it. */
export function emptyRecordDoc(file: string, text: string, sha256: string): RecordDoc {
  return {
    file,
    text,
    sha256,
    layout: 'unknown',
    sections: [],
    contents: [],
    documentInformation: [],
    headings: [],
    header: [],
    turns: [],
    furniture: [],
    paragraphs: [],
    warnings: [],
  };
}

export interface ReaderWarning {
  line: number;
  message: string;
}

/** Thrown when a record cannot be read at all. The message names the file, the line and what to do. */
export class RecordError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    readonly hint: string,
  ) {
    super(`${file}:${line}: ${problem}. ${hint}`);
    this.name = 'RecordError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Entities

export type NameKind =
  | 'full' // the whole name as a name: "Zhou Enlai", "周恩來", "A.I. Mikoyan"
  | 'surname' // surname alone: "Zhou", "Gromyko"
  | 'given' // given name alone: "少奇", "小平"
  | 'speakerTag' // as a speaker tag: "周", "Gromyko"
  | 'variant' // another transliteration or spelling: "Gromyco", "Gromiko"
  | 'editorial' // with bracketed editorial additions: "[Andrei] Gromyko"
  | 'codeName' // a code name or pseudonym used by the person
  | 'titled'; // a title-only reference: "代办", "the Chargé d'affaires"

export interface NameForm {
  /** Normalised name form (title stripped, spacing normalised: "Zhou Enlai", "Mikoyan, A.I." -> "A.I. Mikoyan"). */
  value: string;
  lang: LangTag;
  kind: NameKind;
}

export type MentionContext =
  | 'title'
  | 'citation'
  | 'summary'
  | 'header'
  | 'speakerTag'
  | 'body'
  | 'heading'
  | 'distribution'
  | 'documentInformation'
  | 'other';

export interface Mention {
  span: Span;
  lang: LangTag;
  context: MentionContext;
  /** The name form this mention realises (index into the entity's names). */
  nameIndex?: number;
}

export interface RoleAttestation {
  /** Role as written ("Vice Minister", "副部長", "Chargé d'affaires Ad Interim"). */
  asWritten: string;
  /** Key into data/lexicon/roles.json, when known. */
  roleKey?: string;
  /** English label of the role (from the lexicon or as written). */
  label: string;
  /** Key of the institution the role is held in, when stated or implied by the lexicon. */
  affiliationKey?: string;
  /** ISO date at which the record shows the role (the record's date). */
  asOf?: string;
  span: Span;
}

export interface Person {
  /** Stable slug of the preferred latin name, e.g. "huang-zhen"; used to mint the IRI. */
  key: string;
  preferredName: string;
  names: NameForm[];
  mentions: Mention[];
  roles: RoleAttestation[];
  /** Institution keys the person is affiliated with (besides roles). */
  affiliations: string[];
  /** Country/side key (e.g. "china", "soviet-union") when the record makes it clear. */
  side?: string;
  /** True for an unnamed person known only by role ("the Soviet Ambassador"). */
  unnamed?: boolean;
}

export type InstitutionKind =
  | 'ministry'
  | 'department'
  | 'embassy'
  | 'government'
  | 'party'
  | 'military'
  | 'archive'
  | 'funder'
  | 'translator'
  | 'office'
  | 'other';

export interface Institution {
  key: string;
  preferredName: string;
  names: NameForm[];
  kind: InstitutionKind;
  mentions: Mention[];
  /** Key of the parent institution (a department's ministry). */
  parentKey?: string;
  /** Country key. */
  country?: string;
}

export type PlaceKind = 'country' | 'region' | 'city' | 'border' | 'building' | 'room' | 'other';

export interface Place {
  key: string;
  preferredName: string;
  names: NameForm[];
  kind: PlaceKind;
  mentions: Mention[];
}

export type DateRole =
  | 'recordDate' // the record's own date line / citation date
  | 'scanHeader' // "62.08.09" on the scan
  | 'meetingTime' // Time: header
  | 'received'
  | 'sentToPrint'
  | 'printed'
  | 'stamp'
  | 'sent'
  | 'mentioned';

export interface DateMention {
  span: Span;
  /** ISO 8601: "1962-08-09", "1962-08-09T18:00:00", "1962-08", "1962". */
  value: string;
  datatype: 'date' | 'dateTime' | 'gYearMonth' | 'gYear';
  role: DateRole;
  lang: LangTag;
}

export interface ArchivalIdentifier {
  span: Span;
  asWritten: string;
  /** Scheme key from data/lexicon/archives.json ("prc-fma", "ru-fond", "bstu", "sapmo-barch", ...). */
  scheme?: string;
  /** Key of the holding repository (an Institution key). */
  repositoryKey?: string;
  /** Parsed parts as written, keyed by the scheme's part names: fileNumber, pages, fond, opis, delo, listy, ... */
  parts: Record<string, string>;
}

export type ParticipantPart =
  | 'speaker'
  | 'alsoPresent'
  | 'interpreter'
  | 'noteTaker'
  | 'host'
  | 'guest'
  | 'author'
  | 'sender'
  | 'addressee'
  | 'recipient'
  | 'mentioned';

export interface Participant {
  personKey: string;
  part: ParticipantPart;
  /** Where the record shows it (the header value, the first speaker tag, ...). */
  span: Span;
}

export type EventKind = 'meeting' | 'correspondence' | 'speech' | 'other';

export interface RecordedEvent {
  kind: EventKind;
  date?: DateMention;
  time?: DateMention;
  venue?: { span: Span; placeKey?: string; label: string; lang: LangTag }[];
  participants: Participant[];
}

export type Certainty = 'explicit' | 'established' | 'probable' | 'uncertain' | 'unresolved';

export interface DistributionEntry {
  span: Span;
  /** The entry as written without the copy count ("主席", "外办"). */
  asWritten: string;
  copies: number;
  resolved?: { kind: 'person' | 'institution'; key: string; label: string };
  certainty: Certainty;
}

export interface AdminItem {
  kind:
    | 'classification'
    | 'documentNumber'
    | 'registrationNumber'
    | 'instruction'
    | 'referencedDocument'
    | 'copiesPrinted'
    | 'archiveCopies'
    | 'issuingOffice'
    | 'stampNumber'
    | 'pages'
    | 'other';
  span: Span;
  /** Normalised value: "Top Secret", "411", "61", ... */
  value: string;
  /** English label for the value where the lexicon knows it. */
  label?: string;
  date?: DateMention;
}

export type DiscrepancyKind = 'name' | 'number' | 'polarity' | 'pages' | 'other';

export interface Discrepancy {
  kind: DiscrepancyKind;
  original: Span;
  translation: Span;
  note: string;
  /** Where a hand-made annotation file supplied it. */
  source?: string;
}

export type RecordType =
  | 'minutes'
  | 'memorandumOfConversation'
  | 'cable'
  | 'telegram'
  | 'letter'
  | 'report'
  | 'note'
  | 'speech'
  | 'diary'
  | 'memorandum'
  | 'statement'
  | 'other';

export interface RecordInfo {
  titles: Array<{ span: Span; lang: LangTag; kind: 'main' | 'citation' | 'heading' | 'subtitle' | 'original' }>;
  type?: { key: RecordType; label: string; span?: Span };
  date?: DateMention;
  originalLanguage?: { label: string; lang: LangTag; span: Span };
  translatorKey?: string;
  /** Whether translatorKey is a person key (person/{key}) or an institution key (org/{key}). */
  translatorKind?: 'person' | 'institution';
  funderKeys: string[];
  sourceUrl?: string;
  /** Key of the repository that holds the original (an Institution key). */
  repositoryKey?: string;
  collectionKey?: string;
  summary?: Span;
  rights?: Span;
}

/** Claims (issue 4) attach here; defined by src/extract/claims/. */
export interface ClaimsExtension {
  claims?: unknown[];
}

export interface RecordExtraction extends ClaimsExtension {
  doc: RecordDoc;
  /** Stable record id used to mint IRIs: "wcda-118206" from the archive URL, else the file's slugged stem. */
  recordId: string;
  record: RecordInfo;
  people: Person[];
  institutions: Institution[];
  places: Place[];
  dates: DateMention[];
  identifiers: ArchivalIdentifier[];
  event?: RecordedEvent;
  /** Speaker of each turn in doc.turns, by index into doc.turns: a person key. */
  turnSpeakers: Array<string | undefined>;
  /** Original-language turn aligned with each translation turn: map translation turn index -> original turn index. */
  turnAlignment: Array<{ translation: number; original: number }>;
  distribution: DistributionEntry[];
  admin: AdminItem[];
  discrepancies: Discrepancy[];
}
