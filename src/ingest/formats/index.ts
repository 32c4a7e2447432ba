/**
 * Every import format by name, each as a stream of import items read from a list of files.
 */
import { createInterface } from 'node:readline';
import type { ImportItem, LinkRecord } from '../record.ts';
import { readArxiv } from './arxiv.ts';
import { readHfDaily } from './hf-daily.ts';
import { parseHfListing } from './hf-listing.ts';
import { openInput, toInputError } from './input.ts';
import { jsonLineItem } from './jsonl.ts';
import { readPwc, type PwcOrphanLinks } from './pwc.ts';

export const IMPORT_FORMATS = ['hf-listing', 'hf-daily', 'pwc', 'arxiv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function isImportFormat(name: string): name is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(name);
}

async function readText(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of openInput(file)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A listing page is small: read whole, then parsed (a malformed page fails as a whole). */
async function* readHfListing(files: string[]): AsyncGenerator<ImportItem> {
  for (const file of files) yield* parseHfListing(await readText(file), file);
}

/** JSON lines, one record per line, streamed so a file of any size reads in constant memory. */
async function* readJsonl(files: string[]): AsyncGenerator<ImportItem> {
  for (const file of files) {
    let line = 0;
    try {
      for await (const text of createInterface({ input: openInput(file), crlfDelay: Infinity })) {
        line++;
        if (text.trim()) yield jsonLineItem(text, { file, line });
      }
    } catch (error) {
      throw toInputError(file, error); // an InputError already is one
    }
  }
}

/** Papers with Code: the papers, then links whose paper is not in the papers file, for stored papers. */
async function* readPwcWithOrphans(files: string[]): AsyncGenerator<ImportItem> {
  const orphans: PwcOrphanLinks[] = [];
  yield* readPwc(files, { onOrphanLinks: (orphan) => void orphans.push(orphan) });
  for (const { arxivId, title, links, position } of orphans) {
    yield { kind: 'links', arxivId, title, links, position } satisfies LinkRecord;
  }
}

export function readFormat(format: ImportFormat, files: string[]): AsyncIterable<ImportItem> {
  switch (format) {
    case 'hf-listing':
      return readHfListing(files);
    case 'hf-daily':
      return readHfDaily(files);
    case 'pwc':
      return readPwcWithOrphans(files);
    case 'arxiv':
      return readArxiv(files);
    case 'jsonl':
      return readJsonl(files);
  }
}
