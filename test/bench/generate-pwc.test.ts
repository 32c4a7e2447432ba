import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLinks, generatePapers, slugify, writeCorpus, type PwcLink, type PwcPaper } from '../../bench/generate-pwc.ts';
import { AREAS } from '../../bench/pwc-vocabulary.ts';

/**
 * Keys of the example records in /work/shared/design/IMPORT-FORMATS.md, in their order: §2.1
 * without the four keys the quoting project added (aspect_methods, aspect_datasets, aspect_tasks,
 * paper_id), and §2.2 exactly.
 */
const PAPER_KEYS = ['paper_url', 'arxiv_id', 'title', 'abstract', 'url_abs', 'url_pdf', 'proceeding', 'authors', 'tasks', 'date', 'methods'];
const LINK_KEYS = ['paper_url', 'paper_title', 'paper_arxiv_id', 'paper_url_abs', 'paper_url_pdf', 'repo_url', 'is_official', 'mentioned_in_paper', 'mentioned_in_github', 'framework'];

const N = 5000;
const papers = [...generatePapers({ papers: N })];
const links = [...generateLinks({ papers: N })];

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pwc-corpus-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const countBy = <T>(items: Iterable<T>) => {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('determinism', () => {
  it('gives equal corpora for equal options', () => {
    expect([...generatePapers({ papers: 300, seed: 7 })]).toEqual([...generatePapers({ papers: 300, seed: 7 })]);
    expect([...generateLinks({ papers: 300, seed: 7 })]).toEqual([...generateLinks({ papers: 300, seed: 7 })]);
  });

  it('gives different corpora for different seeds', () => {
    const a = [...generatePapers({ papers: 20, seed: 1 })].map((p) => p.title);
    const b = [...generatePapers({ papers: 20, seed: 2 })].map((p) => p.title);
    expect(a).not.toEqual(b);
  });

  it('does not depend on N: a small corpus is the start of a bigger one', () => {
    expect([...generatePapers({ papers: 100 })]).toEqual(papers.slice(0, 100));
    const firstLinks = [...generateLinks({ papers: 100 })];
    expect(firstLinks).toEqual(links.slice(0, firstLinks.length));
  });

  it('keeps the papers file independent of codeShare except for code URLs in abstracts', () => {
    const without = [...generatePapers({ papers: 200, codeShare: 0 })];
    papers.slice(0, 200).forEach((paper, i) => {
      expect({ ...without[i], abstract: '' }).toEqual({ ...paper, abstract: '' });
    });
  });

  it('rejects invalid options', () => {
    expect(() => generatePapers({ papers: -1 }).next()).toThrow(RangeError);
    expect(() => generatePapers({ papers: 1.5 }).next()).toThrow(RangeError);
    expect(() => generateLinks({ papers: 10, codeShare: 1.2 }).next()).toThrow(RangeError);
  });
});

describe('record shapes', () => {
  it('papers have exactly the dump keys, in the dump order, with the dump types', () => {
    for (const p of papers) {
      expect(Object.keys(p)).toEqual(PAPER_KEYS);
      expect(p.arxiv_id === null || typeof p.arxiv_id === 'string').toBe(true);
      expect(p.proceeding === null || typeof p.proceeding === 'string').toBe(true);
      expect(p.methods).toEqual([]);
    }
  });

  it('links have exactly the dump keys, in the dump order, with the dump types', () => {
    for (const l of links) {
      expect(Object.keys(l)).toEqual(LINK_KEYS);
      expect([l.is_official, l.mentioned_in_paper, l.mentioned_in_github].every((b) => typeof b === 'boolean')).toBe(true);
      expect(['pytorch', 'tf', 'jax', 'mxnet', 'none']).toContain(l.framework);
      expect(l.repo_url).toMatch(/^https:\/\/github\.com\/[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/);
    }
  });

  it('repeats each paper’s url, title, arXiv id and arXiv URLs on its link rows', () => {
    const byUrl = new Map(papers.map((p) => [p.paper_url, p]));
    for (const l of links) {
      const p = byUrl.get(l.paper_url)!;
      expect(p).toBeDefined();
      expect([l.paper_title, l.paper_arxiv_id, l.paper_url_abs, l.paper_url_pdf]).toEqual([p.title, p.arxiv_id, p.url_abs, p.url_pdf]);
    }
  });
});

describe('papers', () => {
  it('have unique PwC paper URLs made of title slugs', () => {
    expect(new Set(papers.map((p) => p.paper_url)).size).toBe(N);
    for (const p of papers) expect(p.paper_url).toMatch(/^https:\/\/paperswithcode\.com\/paper\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('slugify titles as PwC does (the examples of IMPORT-FORMATS.md)', () => {
    expect(slugify('On the minimal teaching sets of two-dimensional threshold functions')).toBe('on-the-minimal-teaching-sets-of-two');
    expect(slugify('Fast Disparity Estimation using Dense Networks')).toBe('fast-disparity-estimation-using-dense');
    expect(slugify('Nyström Approximations Are All You Need')).toBe('nystrom-approximations-are-all-you-need');
  });

  it('have unique arXiv ids matching their dates, ~5% none, and versioned http:// arXiv URLs', () => {
    const ids = papers.flatMap((p) => (p.arxiv_id ? [p.arxiv_id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(1 - ids.length / N).toBeGreaterThan(0.03);
    expect(1 - ids.length / N).toBeLessThan(0.07);
    for (const p of papers) {
      if (p.arxiv_id === null) {
        expect(p.url_abs).toMatch(/^https?:\/\//);
        expect(p.proceeding).not.toBeNull();
        continue;
      }
      const [, yy, mm, seq] = /^(\d\d)(\d\d)\.(\d{4,5})$/.exec(p.arxiv_id)!;
      expect(p.date.slice(2, 7)).toBe(`${yy}-${mm}`);
      // Four-digit sequence numbers until 1412, five from 1501.
      expect(seq!.length).toBe(Number(yy) < 15 ? 4 : 5);
      expect(p.url_abs).toMatch(new RegExp(`^http://arxiv\\.org/abs/${p.arxiv_id.replace('.', '\\.')}v\\d$`));
      expect(p.url_pdf).toBe(`${p.url_abs.replace('/abs/', '/pdf/')}.pdf`);
    }
  });

  it('have dates from 2012 to the PwC snapshot, most of them recent, and mostly no proceeding', () => {
    for (const p of papers) {
      expect(p.date).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(Number.isNaN(Date.parse(p.date))).toBe(false);
      expect(p.date >= '2012-01-01' && p.date <= '2025-07-31').toBe(true);
    }
    const years = countBy(papers.map((p) => p.date.slice(0, 4)));
    expect(years.get('2012')).toBeGreaterThan(0);
    expect(years.get('2023')!).toBeGreaterThan(5 * years.get('2013')!);
    expect(papers.filter((p) => p.proceeding !== null).length / N).toBeLessThan(0.2);
  });

  it('have 6–15-word titles, 120–250-word abstracts and 1–12 authors', () => {
    for (const p of papers) {
      expect(words(p.title)).toBeGreaterThanOrEqual(6);
      expect(words(p.title)).toBeLessThanOrEqual(15);
      expect(words(p.abstract)).toBeGreaterThanOrEqual(120);
      expect(words(p.abstract)).toBeLessThanOrEqual(250);
      expect(p.authors.length).toBeGreaterThanOrEqual(1);
      expect(p.authors.length).toBeLessThanOrEqual(12);
      expect(new Set(p.authors).size).toBe(p.authors.length);
    }
  });

  it('hard-wrap abstracts under 80 columns, with occasional indented paragraph breaks', () => {
    for (const p of papers) {
      expect(p.abstract).toContain('\n');
      // Only an unbreakable token (a long URL) may overflow, alone on its line.
      for (const line of p.abstract.split('\n')) if (line.length > 80) expect(line).toMatch(/^\S+$/);
      expect(p.abstract).toBe(p.abstract.trim());
    }
    const paragraphs = papers.filter((p) => p.abstract.includes('\n  ')).length / N;
    expect(paragraphs).toBeGreaterThan(0.05);
    expect(paragraphs).toBeLessThan(0.2);
  });

  it('reuse authors: prolific authors have several papers, most have one', () => {
    const perAuthor = [...countBy(papers.flatMap((p) => p.authors)).values()];
    expect(Math.max(...perAuthor)).toBeGreaterThanOrEqual(5);
    expect(median(perAuthor)).toBe(1);
  });

  it('carry 0–4 tasks, Zipf-distributed: the top task far above the median one', () => {
    for (const p of papers) expect(p.tasks.length).toBeLessThanOrEqual(4);
    const perTask = [...countBy(papers.flatMap((p) => p.tasks)).values()];
    expect(perTask.length).toBeGreaterThan(300);
    expect(Math.max(...perTask)).toBeGreaterThan(20 * median(perTask));
  });

  it('are mostly about a TOPICS.md theme, but not all of them', () => {
    const subjects = AREAS.filter((a) => a.theme).flatMap((a) => a.subjects.map((s) => s.toLowerCase()));
    const themed = papers.filter((p) => {
      const text = `${p.title} ${p.abstract.replace(/\s+/g, ' ')}`.toLowerCase();
      return subjects.some((s) => text.includes(s));
    }).length;
    expect(themed / N).toBeGreaterThan(0.6);
    expect(themed / N).toBeLessThan(0.85);
  });
});

describe('code links', () => {
  it('cover about codeShare of the papers, with 1–3 links each', () => {
    const perPaper = countBy(links.map((l) => l.paper_url));
    expect(perPaper.size / N).toBeGreaterThan(0.25);
    expect(perPaper.size / N).toBeLessThan(0.35);
    for (const n of perPaper.values()) expect(n).toBeLessThanOrEqual(3);
    expect(countBy(generateLinks({ papers: 1000, codeShare: 0 })).size).toBe(0);
  });

  it('share popular repositories between many papers', () => {
    const papersPerRepo = countBy(links.map((l) => l.repo_url.toLowerCase()));
    const shared = [...papersPerRepo.values()].filter((n) => n > 1);
    expect(shared.length).toBeGreaterThan(20);
    expect(Math.max(...shared)).toBeGreaterThanOrEqual(10);
  });

  it('are mostly official, with realistic framework shares', () => {
    const official = links.filter((l) => l.is_official).length / links.length;
    expect(official).toBeGreaterThan(0.4);
    expect(official).toBeLessThan(0.8);
    const frameworks = countBy(links.map((l) => l.framework));
    expect(frameworks.get('pytorch')! / links.length).toBeGreaterThan(0.4);
    for (const f of ['tf', 'jax', 'none']) expect(frameworks.get(f as PwcLink['framework'])).toBeGreaterThan(0);
  });

  it('appear in some abstracts as "Code is available at <url>", matching an official link', () => {
    const official = new Set(links.filter((l) => l.is_official && l.mentioned_in_paper).map((l) => `${l.paper_url} ${l.repo_url}`));
    const mentions = papers.flatMap((p) => [...p.abstract.matchAll(/https:\/\/github\.com\/[\w.-]+\/[\w.-]+?(?=\.?(?:\s|$))/g)].map((m) => `${p.paper_url} ${m[0]}`));
    expect(mentions.length).toBeGreaterThan(50);
    for (const mention of mentions) expect(official).toContain(mention);
  });
});

describe('writeCorpus', () => {
  const parse = (path: string) => {
    const bytes = readFileSync(path);
    return JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('ascii')) as unknown;
  };

  it('writes both dumps as top-level JSON arrays, in Python json.dump layout', async () => {
    const dir = tempDir();
    const result = await writeCorpus(dir, { papers: 200 });
    expect(result.papersFile).toBe(join(dir, 'papers-with-abstracts.json'));
    expect(result.linksFile).toBe(join(dir, 'links-between-papers-and-code.json'));
    expect(parse(result.papersFile)).toEqual(papers.slice(0, 200));
    expect(parse(result.linksFile)).toEqual([...generateLinks({ papers: 200 })]);
    expect(result.bytes).toBe(statSync(result.papersFile).size + statSync(result.linksFile).size);
    const text = readFileSync(result.papersFile, 'latin1');
    expect(text.startsWith('[{"paper_url": "https://paperswithcode.com/paper/')).toBe(true);
    // ensure_ascii: names such as "Björn" are escaped, so every byte is printable ASCII.
    expect(text).toMatch(/^[\x20-\x7e]*$/);
  });

  it('writes gzip files that decompress to the same arrays', async () => {
    const dir = tempDir();
    const result = await writeCorpus(dir, { papers: 200, gzip: true });
    expect(result.papersFile.endsWith('papers-with-abstracts.json.gz')).toBe(true);
    expect(parse(result.papersFile)).toEqual(papers.slice(0, 200));
    expect(parse(result.linksFile)).toEqual([...generateLinks({ papers: 200 })]);
  });

  it('writes an empty corpus as two empty arrays', async () => {
    const result = await writeCorpus(tempDir(), { papers: 0 });
    expect(parse(result.papersFile)).toEqual([]);
    expect(parse(result.linksFile)).toEqual([]);
  });

  it('writes byte-identical files with worker threads', async () => {
    const serial = await writeCorpus(tempDir(), { papers: N, workers: 1 });
    const parallel = await writeCorpus(tempDir(), { papers: N, workers: 2 });
    expect(readFileSync(parallel.papersFile).equals(readFileSync(serial.papersFile))).toBe(true);
    expect(readFileSync(parallel.linksFile).equals(readFileSync(serial.linksFile))).toBe(true);
    expect((parse(serial.papersFile) as PwcPaper[]).map((p) => p.paper_url)).toEqual(papers.map((p) => p.paper_url));
  });
});

describe('CLI', () => {
  const script = fileURLToPath(new URL('../../bench/generate-pwc.ts', import.meta.url));
  const run = (args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args]);

  it('writes the corpus and reports sizes and time', async () => {
    const dir = tempDir();
    const { stdout } = await run(['--papers', '50', '--out', dir, '--seed', '3']);
    expect(stdout).toMatch(/50 papers/);
    expect(stdout).toMatch(/total .* in \d+\.\d s/);
    expect(parse(join(dir, 'papers-with-abstracts.json'))).toEqual([...generatePapers({ papers: 50, seed: 3 })]);
  });

  it('exits with status 2 and the usage on bad arguments', async () => {
    await expect(run(['--papers', 'many', '--out', tempDir()])).rejects.toMatchObject({ code: 2 });
    await expect(run(['--out', tempDir()])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/usage/) });
  });

  function parse(path: string): unknown {
    return JSON.parse(readFileSync(path, 'ascii'));
  }
});
