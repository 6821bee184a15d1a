import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, html, raw, safeUrl } from '../src/server/pages/html.js';
import { compactIri, iriLink, localPath, termHtml } from '../src/server/pages/terms.js';
import { NamedQueryError, parseNamedQuery } from '../src/server/pages/named-queries.js';
import { assetResponse, pageAssets } from '../src/server/pages/assets.js';
import { highlightText } from '../src/server/pages/record.js';
import { passageHtml } from '../src/server/pages/entity.js';
import { pickLabel } from '../src/server/pages/labels.js';
import { entityPage, homePage, ontologyPage, queryPage, resultsPage } from '../src/server/pages/index.js';
import type { WorkerPool } from '../src/store/pool.js';
import { DataFactory } from 'n3';
import { Parser as HtmlParser } from 'htmlparser2';
import { BASE, FIXTURE_TRIG, SECOND_TRIG, startStore, trig } from './pages-store.js';

const HOSTILE = `<script>alert("x")</script> & 'quoted'`;

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(HOSTILE)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
  });
  it('leaves text without special characters unchanged, CJK included', () => {
    expect(escapeHtml('黃鎮 Vice Minister')).toBe('黃鎮 Vice Minister');
  });
  it('escapes an already escaped entity again (no double-decoding tricks)', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('html template', () => {
  it('escapes interpolated strings in content and attributes', () => {
    const out = html`<a title="${HOSTILE}">${HOSTILE}</a>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toBe(`<a title="${escapeHtml(HOSTILE)}">${escapeHtml(HOSTILE)}</a>`);
  });
  it('inserts Html fragments as they are and joins arrays', () => {
    expect(html`<p>${[raw('<b>a</b>'), '<i>']}</p>`.value).toBe('<p><b>a</b>&lt;i&gt;</p>');
  });
  it('drops null, undefined and false', () => {
    expect(html`${null}${undefined}${false}x`.value).toBe('x');
  });
});

describe('safeUrl', () => {
  it('turns javascript: and data: URLs into "#"', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' JavaScript:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,<script>')).toBe('#');
  });
  it('keeps http(s) and relative URLs', () => {
    expect(safeUrl('https://www.wikidata.org/entity/Q1')).toBe('https://www.wikidata.org/entity/Q1');
    expect(safeUrl('/person/x')).toBe('/person/x');
  });
});

describe('terms', () => {
  it('compacts IRIs of known namespaces', () => {
    expect(compactIri('http://schema.org/Person')).toBe('schema:Person');
    expect(compactIri('http://example.org/x')).toBe('http://example.org/x');
    expect(compactIri('http://www.wikidata.org/prop/direct/P31')).toBe('wdt:P31');
  });
  it('maps data IRIs to paths and ontology terms to /ontology anchors', () => {
    expect(localPath(`${BASE}person/a-b`, BASE)).toBe('/person/a-b');
    expect(localPath('http://localhost:3030/ontology#Person', 'https://data.example/')).toBe('/ontology#Person');
    expect(localPath('http://www.wikidata.org/entity/Q1', BASE)).toBeUndefined();
    expect(localPath('http://localhost:3030/scheme/stance/concedes', 'https://data.example/')).toBe('/ontology#alds-concedes');
    expect(localPath('http://localhost:3030/scheme/stance/concedes', BASE)).toBe('/scheme/stance/concedes');
  });
  it('links local IRIs to their page and external IRIs as external links', () => {
    expect(iriLink(`${BASE}person/a`, BASE, new Map([[`${BASE}person/a`, 'A <b>']])).value).toBe(
      `<a href="/person/a" title="${BASE}person/a">A &lt;b&gt;</a>`,
    );
    expect(iriLink('http://www.wikidata.org/entity/Q5', BASE).value).toContain('class="external"');
    expect(iriLink('http://www.wikidata.org/entity/Q5', BASE).value).toContain('>wd:Q5<');
  });
  it('shows literals with their language tag and escapes them', () => {
    const out = termHtml(DataFactory.literal(HOSTILE, 'en'), BASE).value;
    expect(out).toContain('@en');
    expect(out).not.toContain('<script>');
  });
  it('shows long or multi-line literals as a block that keeps line breaks', () => {
    expect(termHtml(DataFactory.literal('line one\n<line two>'), BASE).value).toBe('<div class="longtext">line one\n&lt;line two&gt;</div>');
    expect(termHtml(DataFactory.literal('short'), BASE).value).toBe('short');
  });
  it('prefers English, then untagged labels', () => {
    expect(pickLabel([{ value: '林濤', lang: 'zh-Hant' }, { value: 'Lin Tao', lang: 'en' }])).toBe('Lin Tao');
    expect(pickLabel([{ value: '林濤', lang: 'zh-Hant' }, { value: 'x', lang: '' }])).toBe('x');
    expect(pickLabel([])).toBeUndefined();
  });
});

describe('parseNamedQuery', () => {
  it('reads title, description (with continuation lines) and returned variables', () => {
    const q = parseNamedQuery('queries/x.rq', '# title: T\n# description: first\n#   second\n# returns: ?a ?b\nSELECT ?a ?b WHERE {}');
    expect(q).toMatchObject({ name: 'x', title: 'T', description: 'first second', returns: ['a', 'b'] });
  });
  it('names the file and the missing field', () => {
    expect(() => parseNamedQuery('queries/y.rq', '# title: T\nSELECT * {}')).toThrow(NamedQueryError);
    expect(() => parseNamedQuery('queries/y.rq', '# title: T\nSELECT * {}')).toThrow(/queries\/y\.rq: the header has no "# description:" line/);
  });
});

describe('assets', () => {
  it('serves the stylesheet and the Yasgui build with their media types', async () => {
    const css = await assetResponse('style.css');
    expect(css?.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const js = await assetResponse('yasgui.min.js');
    expect(js?.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await js!.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
  it('answers undefined for unknown names and for inherited property names', async () => {
    expect(await assetResponse('nope.js')).toBeUndefined();
    expect(await assetResponse('constructor')).toBeUndefined();
  });
  it('routes GET /assets/{name} in the Hono sub-app, 404 for unknown', async () => {
    const app = pageAssets();
    expect((await app.request('/assets/query.js')).status).toBe(200);
    expect((await app.request('/assets/../package.json')).status).toBe(404);
    expect((await app.request('/assets/missing.css')).status).toBe(404);
  });
});

describe('highlightText', () => {
  const labels = new Map([[`${BASE}person/k`, 'K']]);
  it('marks mentions inside the piece and links them to the entity', () => {
    const out = highlightText('Hello <K>.', 10, [{ start: 17, end: 18, target: `${BASE}person/k`, kind: 'mention' }], BASE, labels).value;
    expect(out).toBe('Hello &lt;<a class="mention" href="/person/k" title="K"><mark>K</mark></a>&gt;.');
  });
  it('nests mentions inside claims and links the claim after its mark', () => {
    const out = highlightText('abcdef', 0, [
      { start: 1, end: 4, target: 'urn:a', kind: 'claim' },
      { start: 2, end: 3, target: 'urn:b', kind: 'mention' },
    ], BASE, new Map([['urn:a', 'A said']])).value;
    expect(out).toBe(
      'a<mark class="claim" data-claim="urn:a">b<a class="mention" href="urn:b" title="urn:b"><mark>c</mark></a>d</mark>' +
        '<a class="claim-ref" href="urn:a" title="A said">urn:a</a>ef',
    );
  });
  it('skips spans reaching outside the piece and spans overlapping an earlier one of their kind', () => {
    const out = highlightText('abcdef', 0, [
      { start: 1, end: 3, target: 'urn:b', kind: 'mention' },
      { start: 2, end: 4, target: 'urn:c', kind: 'mention' },
      { start: 5, end: 9, target: 'urn:d', kind: 'mention' },
    ], BASE, new Map()).value;
    expect(out).toBe('a<a class="mention" href="urn:b" title="urn:b"><mark>bc</mark></a>def');
  });
});

describe('passageHtml', () => {
  it('quotes the passage with the mention marked and links the text when the record is unknown', () => {
    const out = passageHtml({ mention: 'urn:m', exact: 'X', prefix: 'a <', suffix: '> b', source: `${BASE}record/r/text` }, BASE).value;
    expect(out).toBe(`<blockquote class="passage">…a &lt;<mark>X</mark>&gt; b…\n<footer><a href="/record/r/text" title="${BASE}record/r/text">record/r/text</a></footer></blockquote>`);
  });
});

describe('pages over a store', () => {
  let store: WorkerPool;
  const ctx = () => ({ base: BASE, store });
  beforeAll(async () => {
    store = await startStore(trig(FIXTURE_TRIG));
  });
  afterAll(async () => store?.close());

  it('home page counts records, people and triples and lists the record with title and date', async () => {
    const page = (await homePage(ctx()))!;
    expect(page).toMatch(/<span class="n">1<\/span> <span class="what">records<\/span>/);
    expect(page).toMatch(/<span class="n">2<\/span> <span class="what">people<\/span>/);
    // Institutions are counted through the subclass hierarchy of the ontology graph.
    expect(page).toMatch(/<span class="n">1<\/span> <span class="what">institutions<\/span>/);
    expect(page).toContain('href="/record/test-1"');
    expect(page).toContain('Minutes of Minister Lin Tao&#39;s Talk with Ambassador Karl Vogt');
    expect(page).toContain('<td>1958-03-14</td>');
    for (const link of ['/sparql', '/dumps/', '/.well-known/void', '/ontology']) expect(page).toContain(`href="${link}"`);
  });

  it('person page shows every name with its language, external links, and passages with the mention marked', async () => {
    const page = (await entityPage(ctx(), `${BASE}person/lin-tao`))!;
    expect(page).toContain('<h1>Lin Tao</h1>');
    expect(page).toMatch(/<span lang="zh-hant">林濤<\/span> <span class="lang">@zh-hant · rdfs:label<\/span>/i);
    expect(page).toContain('<span class="lang">@en · skos:altLabel</span>');
    expect(page).toContain('href="http://www.wikidata.org/entity/Q0000001"');
    expect(page).toContain('…Minister <mark>Lin Tao</mark> received the &lt;Ambassador&gt;…');
    expect(page).toContain('href="/record/test-1"');
    expect(page).not.toContain("<script>alert('x')</script>");
    expect(page).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(page).toMatch(/<tr><td>Minister<\/td><td>部长<\/td><td><a href="\/org\/test-ministry"[^>]*>Ministry of Testing<\/a><\/td><td>1958-03-14<\/td>/);
    // Property labels come from the ontology; ontology terms link to their anchor.
    expect(page).toContain('href="/ontology#Person"');
    // Property rows are labelled and explained by the ontology.
    expect(page).toMatch(/<th scope="row" title="[^"]+"><a href="\/ontology#hasRoleAttestation"[^>]*>has role attestation<\/a><\/th>/);
    // Incoming links: the record's participation and distribution entry point at the person.
    expect(page).toContain('href="/record/test-1/copy/0"');
  });

  it('record page shows participants, identifiers, dates, distribution and turns side by side', async () => {
    const page = (await entityPage(ctx(), `${BASE}record/test-1`))!;
    expect(page).toContain('<h2>Participants</h2>');
    expect(page).toMatch(/href="\/person\/karl-vogt"[^>]*>Karl Vogt<\/a><\/td><td>speaker<\/td>/);
    expect(page).toContain('FMA 999-00001-02, 1-3');
    expect(page).toContain('<td>March 14, 1958</td><td>1958-03-14</td><td>recordDate</td>');
    expect(page).toContain('<td>&lt;b&gt;存档&lt;/b&gt; &amp; &quot;co&quot;</td><td>1</td>');
    expect(page).toContain('<div class="head">Translation</div><div class="head">Original</div>');
    // The claim covers the whole turn; the mention inside it stays a link to the person.
    expect(page).toContain(
      '<mark class="claim" data-claim="http://localhost:3030/record/test-1/claim/1">Welcome, Ambassador <a class="mention" href="/person/karl-vogt" title="Karl Vogt"><mark>Vogt</mark></a>.</mark>' +
        '<a class="claim-ref" href="/record/test-1/claim/1" title="Lin Tao welcomes the ambassador">1</a>',
    );
    // Claims are listed with their claimant and stance (labelled from the stance scheme).
    expect(page).toMatch(/<h2>Claims<\/h2>[\s\S]*<tr id="claim-1"><td>1<\/td><td><a href="\/person\/lin-tao"[^>]*>Lin Tao<\/a><\/td><td><a href="\/record\/test-1\/claim\/1"[^>]*>Lin Tao welcomes the ambassador<\/a><\/td><td><a href="\/scheme\/stance\/concedes"[^>]*>concedes<\/a><\/td>/);
    // The original turn the translation translates stands beside it; the unaligned one before it stands alone.
    expect(page).toMatch(/<div class="turn"><\/div><div class="turn" id="original-0"[^>]*>.*我先說。<\/div>\s*<div class="turn" id="translation-0"[^>]*>.*Vogt.*<\/div><div class="turn" id="original-1" lang="zh-Hant">.*歡迎沃格特大使。/s);
  });

  it('answers undefined (404) for an IRI the store knows nothing about, or one that is not a valid IRI', async () => {
    expect(await entityPage(ctx(), `${BASE}person/nobody`)).toBeUndefined();
    expect(await entityPage(ctx(), `${BASE}person/x> ?p ?o } #`)).toBeUndefined();
  });

  it('ontology page documents each class under an anchor named by its local name', async () => {
    const page = (await ontologyPage(ctx()))!;
    expect(page).toContain('<section class="term" id="Person">');
    expect(page).toMatch(/id="Person">\s*<h3>person <span class="iri">ald:Person<\/span><\/h3>/);
    expect(page).toContain('href="http://schema.org/Person"');
    expect(page).toContain('<section class="term" id="participant">');
    expect(page).toContain('<section class="term" id="alds-concedes">');
  });

  it('results page shows SELECT rows as an escaped table with links, and answers ASK', async () => {
    const q = `SELECT ?s ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#altLabel> ?label FILTER(CONTAINS(?label, "script")) }`;
    const page = (await resultsPage(ctx(), q, 'SELECT'))!;
    expect(page).toContain('<th>?s</th><th>?label</th>');
    expect(page).toContain('<td><a href="/person/lin-tao"');
    expect(page).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(page).not.toContain("<script>alert('x')</script>");
    expect(page).toContain('1 row.');
    expect(await resultsPage(ctx(), 'ASK { ?s a <http://localhost:3030/ontology#Person> }', 'ASK')).toContain('yes (true)');
    expect(await resultsPage(ctx(), 'CONSTRUCT WHERE { ?s ?p ?o }', 'CONSTRUCT')).toBeUndefined();
  });

  it('query page lists the named queries, each runnable without JavaScript', async () => {
    const page = (await queryPage(ctx()))!;
    expect(page).toContain('<form id="query-form" method="post" action="/sparql">');
    expect(page).toContain('<textarea class="sparql" id="query-text" name="query"');
    expect(page).toContain('<script src="/assets/yasgui.min.js" defer></script>');
    const runs = page.match(/data-run-query="/g) ?? [];
    expect(runs.length).toBeGreaterThanOrEqual(10);
  });
});

describe('a well-known entity', () => {
  let store: WorkerPool;
  beforeAll(async () => {
    // 120 mentions point at one person: the page lists the first 50 resources linking here and links to all.
    const mentions = Array.from({ length: 120 }, (_, i) => `<record/w/mention/${String(i).padStart(3, '0')}> a ald:Mention ; oa:hasBody <person/w> .`).join('\n');
    store = await startStore(
      trig(`@prefix ald: <http://localhost:3030/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
<graph/w> { <person/w> a ald:Person ; rdfs:label "Well Known"@en .
${mentions} }`),
    );
  });
  afterAll(async () => store?.close());

  it('lists the first 50 resources linking to it, in order, and links to the query giving all of them', async () => {
    const page = (await entityPage({ base: BASE, store }, `${BASE}person/w`))!;
    const listed = [...page.matchAll(/href="\/record\/w\/mention\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(listed).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(page).toContain('more than 50 resources link here');
    const link = /<a href="\/sparql\?query=([^"]+)">all resources linking here<\/a>/.exec(page);
    expect(link).not.toBeNull();
    const query = decodeURIComponent(link![1]!);
    const all = await store.select(query);
    expect(all.rows).toHaveLength(120);
  });
});

describe('home page over two records', () => {
  let store: WorkerPool;
  beforeAll(async () => {
    store = await startStore([...trig(FIXTURE_TRIG), ...trig(SECOND_TRIG)]);
  });
  afterAll(async () => store?.close());

  it('lists each record once, by date, with its English title and type', async () => {
    const page = (await homePage({ base: BASE, store }))!;
    const rows = [...page.matchAll(/<tr><td>([^<]*)<\/td><td><a href="([^"]+)"[^>]*>([^<]*)<\/a><\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1).join(' | '));
    expect(rows).toEqual([
      '1958-03-14 | /record/test-1 | Minutes of Minister Lin Tao&#39;s Talk with Ambassador Karl Vogt | minutes',
      '1959-01-02 | /record/test-2 | Cable from Ambassador Vogt | cable',
    ]);
  });
});

describe('hostile data', () => {
  // Every literal of this invented record tries to inject markup; IRIs try to break out of attributes.
  const H = `<script>alert(1)</script><img src=x onerror=alert(2)>"' &amp;`;
  const lit = JSON.stringify(H);
  const data = `@prefix ald: <http://localhost:3030/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rico: <https://www.ica.org/standards/RiC/ontology#> .
<graph/h> {
  <record/h> a ald:Record, ald:Letter ; rdfs:label ${lit}@en ; dcterms:title ${lit}@en ; dcterms:date ${lit} ;
    rico:hasOrHadIdentifier <record/h/identifier/1> ; ald:hasDistributionEntry <record/h/copy/1> ;
    rico:hasOrHadConstituent <record/h/turn/translation-0> ;
    schema:url <javascript:alert(3)> .
  <record/h/identifier/1> rico:textualValue ${lit} ; ald:identifierScheme ${lit} .
  <record/h/copy/1> ald:asWritten ${lit} ; ald:copies 1 ; ald:certainty ${lit} ; ald:recipient <person/h> .
  <person/h> a ald:Person ; rdfs:label ${lit}@en, ${lit}@zh-Hant ; skos:altLabel ${lit}@ru ; schema:sameAs <javascript:alert(4)> .
  <record/h/mention/1-2> a ald:Mention ; oa:hasBody <person/h> ;
    oa:hasTarget [ oa:hasSelector [ oa:exact ${lit} ; oa:prefix ${lit} ; oa:suffix ${lit} ], [ oa:start 10 ; oa:end 20 ] ] .
  <record/h/turn/translation-0> a ald:Turn ; ald:textPart "translation" ; ald:turnIndex 0 ; ald:speakerTag ${lit} ;
    schema:text ${lit} ; schema:inLanguage ${lit} .
}`;
  let store: WorkerPool;
  beforeAll(async () => {
    store = await startStore(trig(data));
  });
  afterAll(async () => store?.close());

  // Parse the page as a browser would: no injected element, no event-handler attribute, no script URL.
  const clean = (page: string | undefined) => {
    expect(page).toBeDefined();
    const found: string[] = [];
    const parser = new HtmlParser({
      onopentag(name, attrs) {
        if (name === 'script' || name === 'img') found.push(`<${name}>`);
        for (const [k, v] of Object.entries(attrs)) {
          if (/^on/i.test(k)) found.push(`${name} ${k}`);
          if ((k === 'href' || k === 'src') && /^\s*javascript:/i.test(v)) found.push(`${name} ${k}=${v}`);
        }
      },
    });
    parser.write(page ?? '');
    parser.end();
    expect(found).toEqual([]);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39; &amp;amp;');
  };

  it('escapes every value on the home, record, person and results pages', async () => {
    const ctx = { base: BASE, store };
    clean(await homePage(ctx));
    clean(await entityPage(ctx, `${BASE}record/h`));
    clean(await entityPage(ctx, `${BASE}person/h`));
    clean(await resultsPage(ctx, 'SELECT ?o WHERE { ?s ?p ?o }', 'SELECT'));
  });
});
