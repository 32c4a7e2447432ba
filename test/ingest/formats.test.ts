import {
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArxiv } from '../../src/ingest/formats/arxiv.ts';
import { readHfDaily } from '../../src/ingest/formats/hf-daily.ts';
import { InputError, openInput } from '../../src/ingest/formats/input.ts';
import { streamJsonArray } from '../../src/ingest/formats/json-array.ts';
import { detectPwcKind, readPwc, type PwcOrphanLinks } from '../../src/ingest/formats/pwc.ts';
import { RecordError, type PaperRecord } from '../../src/ingest/record.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/formats/${name}`, import.meta.url));
const PAPERS = fixture('pwc-papers.json');
const PAPERS_BAD = fixture('pwc-papers-bad.json');
const LINKS = fixture('pwc-links.json');
const HF = fixture('hf-daily.json');
const HF_BAD = fixture('hf-daily-bad.json');
const FEED = fixture('arxiv-feed.xml');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'formats-test-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Writes `data` into the test's temporary folder and returns the path. */
function temp(name: string, data: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, data);
  return path;
}

function gzipped(name: string, source: string): string {
  return temp(name, gzipSync(readFileSync(source)));
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** The InputError a read ends with, after the items it yielded before it. */
async function failure<T>(source: AsyncIterable<T>): Promise<{ error: InputError; items: T[] }> {
  const items: T[] = [];
  try {
    for await (const item of source) items.push(item);
  } catch (error) {
    if (error instanceof InputError) return { error, items };
    throw error;
  }
  throw new Error('expected an InputError');
}

const records = (items: (PaperRecord | RecordError)[]) => items.filter((r): r is PaperRecord => !(r instanceof RecordError));
const errors = (items: (PaperRecord | RecordError)[]) => items.filter((r): r is RecordError => r instanceof RecordError);
const errorSummary = (items: (PaperRecord | RecordError)[]) => errors(items).map((e) => ({ position: e.position, reason: e.reason }));

describe('openInput', () => {
  async function bytes(file: string): Promise<Buffer> {
    return Buffer.concat(await collect(openInput(file) as AsyncIterable<Buffer>));
  }

  it('reads a plain file as it is', async () => {
    expect(await bytes(PAPERS)).toEqual(readFileSync(PAPERS));
  });

  it('gunzips by content, whatever the file is called', async () => {
    const plain = readFileSync(PAPERS);
    expect(await bytes(gzipped('papers.json.gz', PAPERS))).toEqual(plain);
    expect(await bytes(gzipped('papers-really-gzipped.json', PAPERS))).toEqual(plain);
    // A .gz name on a file that is not gzipped is not a reason to gunzip it.
    expect(await bytes(temp('not-really.json.gz', plain))).toEqual(plain);
  });

  it('reports a missing file as an InputError that names it', async () => {
    const missing = join(tmp, 'no-such-file.json');
    const { error } = await failure(openInput(missing));
    expect(error.message).toBe(`${missing}: no such file`);
    expect(error.file).toBe(missing);
    expect(error.message).not.toMatch(/ENOENT|\n\s+at /);
  });

  it('reports a directory', async () => {
    const { error } = await failure(openInput(tmp));
    expect(error.message).toBe(`${tmp}: is a directory, not a file`);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', async () => {
    const locked = temp('locked.json', '[]');
    chmodSync(locked, 0o000);
    const { error } = await failure(openInput(locked));
    expect(error.message).toBe(`${locked}: not readable: permission denied`);
  });

  it('reports corrupt gzip data as an InputError on the stream, not a zlib error', async () => {
    const corrupt = fixture('corrupt.json.gz');
    const error = await new Promise<unknown>((resolve) => {
      const stream = openInput(corrupt);
      stream.on('error', resolve);
      stream.resume();
    });
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(new RegExp(`^${corrupt}: the gzip data is corrupt \\(.+\\)$`));
    expect((error as InputError).message).not.toMatch(/Z_DATA_ERROR|\n\s+at /);
  });

  it('reports gzip data that stops early as truncated', async () => {
    const whole = gzipSync(readFileSync(PAPERS));
    const cut = temp('cut.json.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const { error } = await failure(openInput(cut));
    expect(error.message).toBe(`${cut}: the gzip data is truncated: the file ends before the compressed data does`);
  });
});

describe('streamJsonArray', () => {
  it('yields every element with its index, in order', async () => {
    const elements = await collect(streamJsonArray(PAPERS));
    const expected = JSON.parse(readFileSync(PAPERS, 'utf8')) as unknown[];
    expect(elements).toEqual(expected.map((value, index) => ({ value, index })));
  });

  it('reads values split across chunks, multi-byte characters and escapes included', async () => {
    // Strings longer than a 64 KB chunk, with 2-, 3- and 4-byte UTF-8 characters cut at every offset.
    const long = 'é漢😀\\"'.repeat(30_000);
    const value = [{ a: long, n: -1.5e-3, t: true, f: false, z: null, nested: { list: [1, [2, { three: 3 }]] } }, long, 7, '\u2028 \\u00e9 \\ud83d\\ude00'];
    const file = temp('chunked.json', JSON.stringify(value));
    const elements = await collect(streamJsonArray(file));
    expect(elements.map((e) => e.value)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('reads an empty array, a byte-order mark and surrounding white space', async () => {
    expect(await collect(streamJsonArray(temp('empty-array.json', ' \n[ ]\n')))).toEqual([]);
    expect(await collect(streamJsonArray(temp('bom.json', '\uFEFF[1]')))).toEqual([{ value: 1, index: 0 }]);
  });

  it('treats a "__proto__" key as data, as JSON.parse does', async () => {
    const [element] = await collect(streamJsonArray(temp('proto.json', '[{"__proto__": {"polluted": true}, "title": "x"}]')));
    expect(Object.getPrototypeOf(element!.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports truncated JSON with the byte offset and the element it broke in', async () => {
    const file = fixture('json-truncated.json');
    const { error, items } = await failure(streamJsonArray(file));
    expect(items.map((e) => e.index)).toEqual([0, 1]);
    expect(error.message).toBe(`${file}: the JSON is truncated: the file ends at byte 110 inside element 2, before the array is closed`);
    expect(error.location).toEqual({ offset: 110, index: 2 });
  });

  it('reports a truncated gzipped array the same way', async () => {
    const whole = readFileSync(fixture('json-truncated.json'));
    const file = temp('truncated-inside.json.gz', gzipSync(whole));
    const { error } = await failure(streamJsonArray(file));
    expect(error.message).toBe(`${file}: the JSON is truncated: the file ends at byte 110 inside element 2, before the array is closed`);
  });

  it('reports an array that is never closed', async () => {
    const file = temp('unclosed.json', '[1, 2, ');
    const { error, items } = await failure(streamJsonArray(file));
    expect(items).toEqual([
      { value: 1, index: 0 },
      { value: 2, index: 1 },
    ]);
    expect(error.message).toBe(`${file}: the JSON is truncated: the file ends at byte 7 inside element 2, before the array is closed`);
  });

  it('reports a top level that is not an array', async () => {
    const file = fixture('json-not-array.json');
    const { error, items } = await failure(streamJsonArray(file));
    expect(items).toEqual([]);
    expect(error.message).toBe(`${file}: expected a JSON array at the top level, found an object (at byte 0)`);
    const scalar = temp('scalar.json', '  42');
    expect((await failure(streamJsonArray(scalar))).error.message).toBe(`${scalar}: expected a JSON array at the top level, found a number (at byte 2)`);
  });

  it('reports an empty file', async () => {
    for (const [name, text] of [['empty.json', ''], ['blank.json', ' \n\n']] as const) {
      const file = temp(name, text);
      expect((await failure(streamJsonArray(file))).error.message).toBe(`${file}: the file is empty: expected a JSON array`);
    }
  });

  it('reports a syntax error with the byte offset and the element index', async () => {
    const file = fixture('json-syntax-error.json');
    const { error, items } = await failure(streamJsonArray(file));
    expect(items.map((e) => e.index)).toEqual([0, 1]);
    expect(error.message).toBe(`${file}: invalid JSON at byte 50, in element 2: unexpected "x"`);
    expect(error.location).toEqual({ offset: 50, index: 2 });
  });

  it('reports a misplaced token and data after the array', async () => {
    const colon = temp('colon.json', '[1, 2 : 3]');
    expect((await failure(streamJsonArray(colon))).error.message).toBe(
      `${colon}: invalid JSON in element 2 (in the 64 KB from byte 0): unexpected ":"`,
    );
    const trailing = temp('trailing.json', '[1, 2]\n]');
    const { error, items } = await failure(streamJsonArray(trailing));
    expect(items).toHaveLength(2);
    expect(error.message).toBe(`${trailing}: unexpected "]" at byte 7 after the end of the top-level array`);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('closes the file when the consumer stops early', async () => {
    // Big enough (1 MB, 16 chunks) that the reader cannot have reached its end after one element.
    const file = temp('stop-early.json', JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ title: `Paper ${i}`, n: i }))));
    const target = realpathSync(file);
    const isOpen = () =>
      readdirSync('/proc/self/fd').some((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === target;
        } catch {
          return false; // closed while listing
        }
      });
    for await (const element of streamJsonArray(file)) {
      expect(element.index).toBe(0);
      expect(isOpen()).toBe(true);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isOpen()).toBe(false);
  });

  it('keeps memory flat while a slow consumer reads a 50 MB array', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;

    // Paper-like elements of ~1.8 KB, written in pieces so the test itself holds no 50 MB string.
    const file = join(tmp, 'big.json');
    const fd = openSync(file, 'w');
    const abstract = 'We study sparse kernels and report results on standard benchmarks.\n'.repeat(22);
    let size = 0;
    let count = 0;
    writeSync(fd, '[');
    while (size < 50e6) {
      const paper = {
        paper_url: `https://paperswithcode.com/paper/p-${count}`,
        arxiv_id: `2101.${count}`,
        title: `Paper ${count}`,
        abstract,
        authors: ['A. Author', 'B. Author'],
        tasks: ['Object Detection'],
        date: '2021-01-15',
      };
      size += writeSync(fd, `${count ? ',' : ''}\n${JSON.stringify(paper)}`);
      count++;
    }
    writeSync(fd, '\n]');
    closeSync(fd);

    const used = () => {
      const m = process.memoryUsage();
      // Chunks waiting in a stream buffer live outside the heap, in array buffers: count both.
      return m.heapUsed + m.arrayBuffers;
    };
    gc();
    const baseline = used();
    let peak = 0;
    let seen = 0;
    for await (const { value, index } of streamJsonArray(file)) {
      expect(index).toBe(seen);
      seen++;
      if ((value as { title: string }).title !== `Paper ${index}`) throw new Error(`element ${index} misread`);
      // A slow consumer: it yields to the event loop often and sleeps now and then, giving a reader
      // without backpressure every chance to race ahead and fill memory.
      if (index % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (index % 1000 === 0) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        gc();
        peak = Math.max(peak, used() - baseline);
      }
    }
    expect(seen).toBe(count);
    expect(size).toBeGreaterThan(50e6);
    // The file is 50 MB; a streaming reader holds a chunk and a few elements.
    expect(peak).toBeLessThan(8e6);
  });
});

describe('readPwc', () => {
  async function readWithOrphans(files: string[]) {
    const orphans: PwcOrphanLinks[] = [];
    const items = await collect(readPwc(files, { onOrphanLinks: (orphan) => void orphans.push(orphan) }));
    return { items, orphans };
  }

  it('maps the example record of the dump field by field, with its links', async () => {
    const { items } = await readWithOrphans([PAPERS, LINKS]);
    const paper = records(items)[0]!;
    expect(paper).toEqual({
      title: 'On the minimal teaching sets of two-dimensional threshold functions',
      // Hard line wraps and the paragraph indent are collapsed into single spaces.
      abstract:
        'It is known that a minimal teaching set of any threshold function on the twodimensional rectangular grid consists of 3 or 4 points. ' +
        'We derive exact formulae for the numbers of functions corresponding to these values and further refine them in the case of a minimal teaching set of size 3. ' +
        'We also prove that the average cardinality of the minimal teaching sets of threshold functions is asymptotically 7/2. ' +
        'We further present corollaries of these results concerning some special arrangements of lines in the plane.',
      arxivId: '1307.1058',
      url: 'http://arxiv.org/abs/1307.1058v2',
      pdfUrl: 'http://arxiv.org/pdf/1307.1058v2.pdf',
      publishedAt: '2013-07-03',
      authors: ['Max A. Alekseyev', 'Marina G. Basova', 'Nikolai Yu. Zolotykh'],
      // The repeated link row is dropped; a null flag stays unknown.
      repositories: [
        { url: 'https://github.com/example-fixtures/minimal-teaching-sets', source: 'pwc', isOfficial: true, framework: 'none', mentionedInPaper: false },
        { url: 'https://github.com/example-fixtures/teaching-sets-pytorch', source: 'pwc', isOfficial: false, framework: 'pytorch', mentionedInPaper: null },
      ],
      position: { file: PAPERS, index: 0 },
    });
  });

  it('keeps a paper without arXiv id, unwraps its title, turns tasks into topics and ignores a non-date date', async () => {
    const { items } = await readWithOrphans([PAPERS, LINKS]);
    const [, second, third] = records(items);
    expect(second).toEqual({
      title: 'A Fixture Paper Without an arXiv Id',
      abstract:
        'A synthetic record for the reader tests: it has no arXiv id, two tasks (one repeated) and a date that a pandas round trip turned into a number.',
      arxivId: null,
      url: 'https://proceedings.example.org/paper/17',
      pdfUrl: null,
      publishedAt: null,
      authors: [],
      sourceTopics: [
        { kind: 'TASK', name: 'Object Detection' },
        { kind: 'TASK', name: 'Image Classification' },
      ],
      repositories: [{ url: 'https://gitlab.com/example-fixtures/no-arxiv', source: 'pwc', isOfficial: false, framework: 'jax', mentionedInPaper: false }],
      position: { file: PAPERS, index: 1 },
    });
    // Absent fields are normal: only the title is required. Its one good link row was a bad one.
    expect(third).toEqual({
      title: 'A Fixture Paper With Few Fields',
      abstract: '',
      arxivId: null,
      url: null,
      pdfUrl: null,
      publishedAt: null,
      authors: [],
      position: { file: PAPERS, index: 2 },
    });
  });

  it('reports bad link rows first, as record errors with their index', async () => {
    const { items } = await readWithOrphans([PAPERS, LINKS]);
    expect(items.slice(0, 2).every((item) => item instanceof RecordError)).toBe(true);
    expect(errorSummary(items)).toEqual([
      { position: { file: LINKS, index: 5 }, reason: 'missing "repo_url"' },
      { position: { file: LINKS, index: 6 }, reason: '"is_official" must be true or false, got string "yes"' },
    ]);
    expect(errors(items)[0]!.message).toBe(`${LINKS}[5]: missing "repo_url"`);
  });

  it('hands links without a paper to onOrphanLinks, grouped per paper, after the last record', async () => {
    const log: string[] = [];
    const orphans: PwcOrphanLinks[] = [];
    for await (const item of readPwc([PAPERS, LINKS], {
      onOrphanLinks: async (orphan) => {
        // Awaited: the generator does not move on (or finish) before the callback has.
        await new Promise((resolve) => setTimeout(resolve, 5));
        orphans.push(orphan);
        log.push(`orphan ${orphan.paperUrl}`);
      },
    })) {
      log.push(item instanceof RecordError ? 'error' : `record ${item.title}`);
    }
    expect(log.slice(-2)).toEqual([
      'orphan https://paperswithcode.com/paper/fast-disparity-estimation-using-dense',
      'orphan https://paperswithcode.com/paper/a-fixture-paper-only-in-the-links',
    ]);
    expect(orphans).toEqual([
      {
        paperUrl: 'https://paperswithcode.com/paper/fast-disparity-estimation-using-dense',
        arxivId: '1805.07499',
        title: 'Fast Disparity Estimation using Dense Networks',
        links: [
          { url: 'https://github.com/roatienza/densemapnet', source: 'pwc', isOfficial: true, framework: 'tf', mentionedInPaper: true },
          { url: 'https://github.com/example-fixtures/densemapnet-fork', source: 'pwc', isOfficial: false, framework: 'pytorch', mentionedInPaper: false },
        ],
        position: { file: LINKS, index: 0 },
      },
      {
        paperUrl: 'https://paperswithcode.com/paper/a-fixture-paper-only-in-the-links',
        arxivId: null,
        title: 'A Fixture Paper Only in the Links',
        links: [{ url: 'https://github.com/example-fixtures/only-in-links', source: 'pwc', isOfficial: null, framework: null, mentionedInPaper: null }],
        position: { file: LINKS, index: 8 },
      },
    ]);
  });

  it('makes every paper of a links file given alone an orphan', async () => {
    const { items, orphans } = await readWithOrphans([LINKS]);
    expect(records(items)).toEqual([]);
    expect(orphans.map((o) => [o.paperUrl, o.links.length])).toEqual([
      ['https://paperswithcode.com/paper/fast-disparity-estimation-using-dense', 2],
      ['https://paperswithcode.com/paper/on-the-minimal-teaching-sets-of-two', 2],
      ['https://paperswithcode.com/paper/a-fixture-paper-without-an-arxiv-id', 1],
      ['https://paperswithcode.com/paper/a-fixture-paper-only-in-the-links', 1],
    ]);
  });

  it('reads the same whatever the order and names of the files, gzipped or not', async () => {
    const expected = await readWithOrphans([PAPERS, LINKS]);
    // The links dump renamed as if it were the papers dump and gzipped, and the other way round.
    const links = gzipped('papers-with-abstracts.json', LINKS);
    const papers = gzipped('links-between-papers-and-code.json.gz', PAPERS);
    expect(await detectPwcKind(links)).toBe('links');
    expect(await detectPwcKind(papers)).toBe('papers');
    const renamed = await readWithOrphans([links, papers]);
    // Records and errors as plain data, with the temporary names put back.
    const plain = (value: { items: unknown[]; orphans: unknown[] }) =>
      JSON.parse(
        JSON.stringify({ ...value, items: value.items.map((item) => (item instanceof RecordError ? { error: item.message } : item)) })
          .replaceAll(links, LINKS)
          .replaceAll(papers, PAPERS),
      );
    expect(plain(renamed)).toEqual(plain(expected));
    expect(plain(expected).items).toHaveLength(5);
  });

  it('reads papers without a links file', async () => {
    const items = await collect(readPwc([PAPERS]));
    expect(records(items).map((r) => [r.title, r.repositories])).toEqual([
      ['On the minimal teaching sets of two-dimensional threshold functions', undefined],
      ['A Fixture Paper Without an arXiv Id', undefined],
      ['A Fixture Paper With Few Fields', undefined],
    ]);
  });

  it('turns wrong types and missing titles into record errors and reads on', async () => {
    const items = await collect(readPwc([PAPERS_BAD]));
    expect(records(items).map((r) => [r.title, r.position.index])).toEqual([
      ['Good Before', 0],
      ['Good After', 8],
    ]);
    expect(errorSummary(items)).toEqual([
      { position: { file: PAPERS_BAD, index: 1 }, reason: 'missing "title"' },
      { position: { file: PAPERS_BAD, index: 2 }, reason: 'missing "title"' },
      { position: { file: PAPERS_BAD, index: 3 }, reason: '"authors" must be an array of strings, got string "Max A. Alekseyev"' },
      { position: { file: PAPERS_BAD, index: 4 }, reason: 'expected a paper object, got null' },
      { position: { file: PAPERS_BAD, index: 5 }, reason: '"arxiv_id" must be a string, got number 1307.1058' },
      { position: { file: PAPERS_BAD, index: 6 }, reason: '"tasks" must be an array of strings, but item 1 is number 5' },
      { position: { file: PAPERS_BAD, index: 7 }, reason: 'expected a paper object, got string "not a paper"' },
    ]);
  });

  it('refuses a file that is not a Papers with Code dump before reading anything', async () => {
    const { error, items } = await failure(readPwc([PAPERS, HF]));
    expect(items).toEqual([]);
    expect(error.message).toBe(
      `${HF}: not a Papers with Code dump: element 0 has none of the keys of papers-with-abstracts ("paper_url", "arxiv_id", "abstract", "url_abs") or of links-between-papers-and-code ("repo_url")`,
    );
    expect(await detectPwcKind(temp('empty-dump.json', '[]'))).toBe('empty');
  });

  it('stops with an InputError when a dump breaks, after the records before the break', async () => {
    const text = readFileSync(PAPERS, 'utf8');
    const cut = temp('cut-papers.json', text.slice(0, text.indexOf('"A Fixture Paper With Few Fields"')));
    const { error, items } = await failure(readPwc([cut]));
    expect(records(items).map((r) => r.position.index)).toEqual([0, 1]);
    expect(error.message).toMatch(new RegExp(`^${cut}: the JSON is truncated: the file ends at byte \\d+ inside element 2, before the array is closed$`));
    expect((await failure(readPwc([fixture('corrupt.json.gz')]))).error.message).toMatch(/corrupt\.json\.gz: the gzip data is corrupt/);
  });
});

describe('readHfDaily', () => {
  it('maps a daily-papers wrapper item field by field', async () => {
    const [item] = await collect(readHfDaily([HF]));
    expect(item).toEqual({
      arxivId: '2602.23229',
      title: 'Large Multimodal Models as General In-Context Classifiers',
      abstract: 'Which multimodal model should we use for classification? …',
      authors: ['Marco Garosi', 'Matteo Farina'],
      // The paper's publishedAt (arXiv's), not the wrapper's; its date part as written.
      publishedAt: '2026-02-26',
      repositories: [{ url: 'https://github.com/marco-garosi/CIRCLE', source: 'hf', stars: 9 }],
      keywords: [
        'Vision-Language Models',
        'Large Multimodal Models',
        'zero-shot classification',
        'in-context learning',
        'open-world classification',
        'cache-based adapters',
        'CIRCLE',
        'pseudo-labeling',
        'context refinement',
      ],
      position: { file: HF, index: 0 },
    });
  });

  it('maps a bare paper object in the same array', async () => {
    const [, item] = await collect(readHfDaily([HF]));
    expect(item).toEqual({
      arxivId: '2601.00001',
      title: 'A Bare Paper Object, Not Wrapped',
      abstract: 'A synthetic paper object in the shape /api/papers/{id} returns: no wrapper around it.',
      // A hidden author is still an author; an author object without a name is skipped.
      authors: ['Ada Fixture', 'Alan Fixture'],
      // No time-zone shift: 23:59:59Z stays on its own date.
      publishedAt: '2026-01-01',
      // Stars that are not a number are unknown.
      repositories: [{ url: 'https://github.com/example-fixtures/bare-paper', source: 'hf', stars: null }],
      keywords: ['graph transformers', 'message passing'],
      position: { file: HF, index: 1 },
    });
  });

  it('falls back to the wrapper title and summary, and takes absent fields as absent', async () => {
    const [, , third, fourth] = await collect(readHfDaily([HF]));
    expect(third).toEqual({
      arxivId: '2601.00002',
      title: 'A Wrapped Paper Whose Title Is Only on the Wrapper',
      abstract: 'The wrapper carries the title and summary; the paper object does not.',
      authors: [],
      publishedAt: '2026-01-02',
      position: { file: HF, index: 2 },
    });
    expect(fourth).toEqual({
      arxivId: '2601.00003',
      title: 'A Paper With Nothing Else',
      abstract: '',
      authors: [],
      publishedAt: null,
      position: { file: HF, index: 3 },
    });
  });

  it('turns wrong types and missing titles into record errors and reads on', async () => {
    const items = await collect(readHfDaily([HF_BAD]));
    expect(errorSummary(items)).toEqual([
      { position: { file: HF_BAD, index: 0 }, reason: '"paper" must be an object, got string "2602.23229"' },
      { position: { file: HF_BAD, index: 1 }, reason: 'missing "title"' },
      { position: { file: HF_BAD, index: 2 }, reason: '"paper.id" must be a string, got number 2601.00011' },
      { position: { file: HF_BAD, index: 3 }, reason: '"paper.authors" must be an array, got string "Ada Fixture"' },
      { position: { file: HF_BAD, index: 4 }, reason: '"paper.authors[1].name" must be a string, got number 5' },
      { position: { file: HF_BAD, index: 5 }, reason: '"ai_keywords" must be an array of strings, but item 0 is an array' },
      { position: { file: HF_BAD, index: 6 }, reason: 'expected a paper object, got an array' },
      { position: { file: HF_BAD, index: 7 }, reason: '"paper.githubRepo" must be a string, got number 42' },
    ]);
    // githubStars without githubRepo is no repository.
    expect(records(items)).toEqual([
      { arxivId: '2601.00016', title: 'Good At The End', abstract: '', authors: [], publishedAt: null, position: { file: HF_BAD, index: 8 } },
    ]);
  });

  it('reads several files, gzipped or not, and stops with an InputError on a broken one', async () => {
    const items = await collect(readHfDaily([gzipped('daily.json.gz', HF), HF]));
    const ids = ['2602.23229', '2601.00001', '2601.00002', '2601.00003'];
    expect(records(items).map((r) => r.arxivId)).toEqual([...ids, ...ids]);
    expect(records(items)[4]!.position).toEqual({ file: HF, index: 0 });
    const notArray = fixture('json-not-array.json');
    expect((await failure(readHfDaily([notArray]))).error.message).toBe(`${notArray}: expected a JSON array at the top level, found an object (at byte 0)`);
  });
});

describe('readArxiv', () => {
  it('maps the example entry of the arXiv manual, old-style id and all', async () => {
    const [entry] = await collect(readArxiv([FEED]));
    expect(entry).toEqual({
      arxivId: 'hep-ex/0307015',
      title: 'Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA',
      abstract:
        'Multi-electron production is studied at high electron transverse momentum in positron- and electron-proton collisions using the H1 detector at HERA. ' +
        'The data correspond to an integrated luminosity of 115 pb-1. Di-electron and tri-electron event yields are measured. ' +
        'Cross sections are derived in a restricted phase space region dominated by photon-photon collisions. ' +
        'In general good agreement is found with the Standard Model predictions. ' +
        'However, for electron pair invariant masses above 100 GeV, three di-electron events and three tri-electron events are observed, ' +
        'compared to Standard Model expectations of 0.30 \\pm 0.04 and 0.23 \\pm 0.04, respectively.',
      url: 'http://arxiv.org/abs/hep-ex/0307015v1',
      pdfUrl: 'http://arxiv.org/pdf/hep-ex/0307015v1',
      // The date part as arXiv writes it (-04:00), not shifted to UTC.
      publishedAt: '2003-07-07',
      authors: ['H1 Collaboration'],
      sourceTopics: [{ kind: 'CATEGORY', name: 'hep-ex' }],
      position: { file: FEED, line: 10 },
    });
  });

  it('keeps the version for the importer, reads entities and CDATA, and puts the primary category first', async () => {
    const [, entry] = await collect(readArxiv([FEED]));
    expect(entry).toEqual({
      arxivId: '2101.00001v2',
      // <dc:title> is another namespace's title and is ignored.
      title: 'A Synthetic Fixture Entry: Graphs & <Transformers>',
      abstract:
        'A synthetic entry for the reader tests, with two authors, an affiliation, four categories (one repeated) and a DOI link.',
      url: 'https://arxiv.org/abs/2101.00001v2',
      pdfUrl: 'https://arxiv.org/pdf/2101.00001v2',
      publishedAt: '2021-01-01',
      authors: ['Ada Fixture', 'Alan Fixture'],
      sourceTopics: [
        { kind: 'CATEGORY', name: 'cs.LG' },
        { kind: 'CATEGORY', name: 'stat.ML' },
        { kind: 'CATEGORY', name: 'cs.AI' },
      ],
      position: { file: FEED, line: 36 },
    });
  });

  it('reports an entry without a title at its line', async () => {
    const items = await collect(readArxiv([FEED]));
    expect(items).toHaveLength(3);
    expect(errorSummary(items)).toEqual([{ position: { file: FEED, line: 63 }, reason: 'missing <title>' }]);
    expect(errors(items)[0]!.message).toBe(`${FEED}:63: missing <title>`);
  });

  it('matches elements by namespace, not by prefix', async () => {
    const file = fixture('arxiv-prefixed.xml');
    expect(await collect(readArxiv([file]))).toEqual([
      {
        arxivId: 'math.GT/0309136v1',
        title: 'A Prefixed Fixture Entry',
        abstract: 'Read through prefixes bound to the Atom and arXiv namespaces.',
        // A link without rel is an alternate link (Atom).
        url: 'http://arxiv.org/abs/math.GT/0309136v1',
        pdfUrl: null,
        publishedAt: '2003-09-08',
        authors: ['Grace Fixture'],
        sourceTopics: [
          { kind: 'CATEGORY', name: 'math.GT' },
          { kind: 'CATEGORY', name: 'math.AT' },
        ],
        position: { file, line: 4 },
      },
    ]);
  });

  it('reports an API error feed as a record error with the error summary', async () => {
    const file = fixture('arxiv-error.xml');
    const items = await collect(readArxiv([file]));
    expect(items).toHaveLength(1);
    expect(errorSummary(items)).toEqual([
      { position: { file, line: 10 }, reason: 'the arXiv API returned an error: incorrect id format for 1234.12345' },
    ]);
  });

  it('reports broken XML as an InputError with the line, after the entries before it', async () => {
    const file = fixture('arxiv-broken.xml');
    const { error, items } = await failure(readArxiv([file]));
    expect(records(items).map((r) => r.title)).toEqual(['An Entry Before the Break']);
    expect(error.message).toBe(`${file}:11: malformed XML at column 52: a close tag does not match the open element <title>`);
    expect(error.location).toEqual({ line: 11, column: 52 });
  });

  it('reports a truncated feed, gzipped or not', async () => {
    const text = readFileSync(FEED, 'utf8');
    const cutAt = text.indexOf('<entry>');
    const cut = temp('cut-feed.xml', text.slice(0, cutAt + '<entry>\n    <id>http://arxiv.org/abs/2101'.length));
    const { error, items } = await failure(readArxiv([cut]));
    expect(records(items).map((r) => r.arxivId)).toEqual(['hep-ex/0307015']);
    expect(error.message).toMatch(new RegExp(`^${cut}:37: malformed XML at column \\d+: unclosed tag: id$`));
    const gz = temp('cut-feed.xml.gz', gzipSync(readFileSync(cut)));
    expect((await failure(readArxiv([gz]))).error.message).toMatch(/cut-feed\.xml\.gz:37: malformed XML at column \d+: unclosed tag: id$/);
  });

  it('reads a gzipped feed', async () => {
    const items = await collect(readArxiv([gzipped('feed.xml.gz', FEED)]));
    expect(records(items).map((r) => r.arxivId)).toEqual(['hep-ex/0307015', '2101.00001v2']);
  });

  it('refuses what is not an Atom feed', async () => {
    const html = temp('page.xml', '<?xml version="1.0"?>\n<html><body>Service unavailable</body></html>');
    expect((await failure(readArxiv([html]))).error.message).toBe(`${html}:2: not an arXiv Atom feed: the root element is <html>`);
    // A <feed> outside the Atom namespace is not Atom.
    const bare = temp('bare.xml', '<feed><entry><title>x</title></entry></feed>');
    expect((await failure(readArxiv([bare]))).error.message).toBe(`${bare}:1: not an arXiv Atom feed: the root element is <feed>`);
    const empty = temp('empty.xml', '');
    expect((await failure(readArxiv([empty]))).error.message).toMatch(new RegExp(`^${empty}:1: malformed XML at column \\d+: document must contain a root element$`));
    const latin1 = temp('latin1.xml', '<?xml version="1.0" encoding="ISO-8859-1"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>');
    expect((await failure(readArxiv([latin1]))).error.message).toBe(`${latin1}:1: unsupported encoding "ISO-8859-1": arXiv feeds are UTF-8`);
  });

  it('reports a missing file', async () => {
    const missing = join(tmp, 'missing', 'feed.xml');
    expect((await failure(readArxiv([missing]))).error.message).toBe(`${missing}: no such file`);
  });
});
