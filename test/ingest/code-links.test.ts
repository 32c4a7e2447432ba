import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PATH } from '../../src/catalogue.ts';
import { findRepositoryUrls, parseRepositoryUrl, repositoryKeyFromUserInput } from '../../src/ingest/code-links.ts';
import { parseHfListing } from '../../src/ingest/formats/hf-listing.ts';

describe('parseRepositoryUrl', () => {
  it.each([
    ['https://github.com/sail-sg/inceptionnext', 'https://github.com/sail-sg/inceptionnext'],
    ['http://GitHub.com/AILab-CVC/UniRepLKNet', 'https://github.com/AILab-CVC/UniRepLKNet'],
    ['https://www.github.com/fiveai/LAME.git', 'https://github.com/fiveai/LAME'],
    ['https://github.com/RAIVNLab/MRL.', 'https://github.com/RAIVNLab/MRL'],
    ['https://github.com/RAIVNLab/MRL/', 'https://github.com/RAIVNLab/MRL'],
    ['https://github.com/owner/repo/tree/main/src', 'https://github.com/owner/repo'],
    ['github.com/owner/repo),', 'https://github.com/owner/repo'],
    ['https://gitlab.com/group/project', 'https://gitlab.com/group/project'],
  ])('%s → %s', (input, url) => {
    expect(parseRepositoryUrl(input)?.url).toBe(url);
  });

  it('keys repositories case-insensitively', () => {
    expect(parseRepositoryUrl('https://github.com/SKDDJ/LoLDU')!.key).toBe('github.com/skddj/loldu');
    expect(parseRepositoryUrl('https://GITHUB.com/skddj/loldu.git')!.key).toBe('github.com/skddj/loldu');
  });

  it.each(['https://example.com/a/b', 'https://github.com/sail-sg', 'https://github.com/topics/nlp', 'not a url', 'ftp://github.com/a/b', ''])(
    'rejects %j',
    (input) => {
      expect(parseRepositoryUrl(input)).toBeNull();
    },
  );
});

describe('findRepositoryUrls', () => {
  it('reduces the duplicated {https://...} form to one repository', () => {
    const refs = findRepositoryUrls('Code: https://github.com/SKDDJ/LoLDU{https://github.com/SKDDJ/LoLDU}.');
    expect(refs.map((r) => r.url)).toEqual(['https://github.com/SKDDJ/LoLDU']);
  });

  it('finds the 12 links to 11 repositories of the sample', () => {
    const papers = parseHfListing(readFileSync(SAMPLE_PATH, 'utf8'));
    const perPaper = papers.map((p) => findRepositoryUrls(p.abstract));
    expect(perPaper.flat()).toHaveLength(12);
    expect(new Set(perPaper.flat().map((r) => r.key)).size).toBe(11);
    expect(perPaper.filter((refs) => refs.some((r) => r.key === 'github.com/ailab-cvc/unireplknet'))).toHaveLength(2);
    for (const ref of perPaper.flat()) expect(ref.url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+[\w]$/);
  });
});

describe('repositoryKeyFromUserInput', () => {
  it('takes owner/name as a GitHub repository', () => {
    expect(repositoryKeyFromUserInput('AILab-CVC/UniRepLKNet')).toBe('github.com/ailab-cvc/unireplknet');
  });
  it('takes any spelling of a URL', () => {
    expect(repositoryKeyFromUserInput('http://github.com/AILab-CVC/UniRepLKNet.git/')).toBe('github.com/ailab-cvc/unireplknet');
    expect(repositoryKeyFromUserInput('gitlab.com/a/b')).toBe('gitlab.com/a/b');
  });
  it('rejects what names no repository', () => {
    expect(repositoryKeyFromUserInput('UniRepLKNet')).toBeNull();
    expect(repositoryKeyFromUserInput('a/b/c d')).toBeNull();
  });
});
