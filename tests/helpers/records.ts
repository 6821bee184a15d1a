/**
 * An invented memorandum in the archive's plain-text export format (no real names), for build tests that need a
 * few small records differing in id, author, city and day.
 */
export function inventedRecord(doc: number, author: string, city: string, day: number, extra = ''): string {
  return `

March ${day}, 1962

**Memorandum of Conversation between ${author} and the Director of the Institute of Foreign Trade**

Citation:

"Memorandum of Conversation between ${author} and the Director of the Institute of Foreign Trade", March ${day}, 1962, Wilson Center Digital Archive, invented archive collection 12, box 3, folder ${doc}.
<https://digitalarchive.example.org/document/${doc}>

Summary:

${author} and the director discuss grain deliveries to ${city} and the schedule of a trade delegation.

Original Language:

English

Contents:

Transcript - English

MEMORANDUM OF CONVERSATION

${city}, March ${day}, 1962

${author} said that the grain deliveries to ${city} would be delayed by two weeks because of the harbour works.
The director replied that the delegation would arrive in April as agreed.
${extra}
`;
}
