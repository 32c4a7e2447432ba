/**
 * The docs' GraphQL must stay true: every ```graphql block in docs/*.md is validated against the
 * schema, and every block that needs no variables is run against the bundled sample, expecting no
 * errors. The queries written inside the shell, JavaScript and Python recipes are validated too.
 * A renamed field or argument breaks this test, not a reader's script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/index.ts';
import { execute, sampleApp } from '../helpers.ts';

const DOCS = join(import.meta.dirname, '../../docs');

interface Block {
  /** `file.md:line`, for the test name and failure messages. */
  where: string;
  text: string;
}

/** The pages checked: every docs/*.md, and the project README with its examples. */
const PAGES: [name: string, path: string][] = [
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name): [string, string] => [name, join(DOCS, name)]),
  ['../README.md', join(DOCS, '../README.md')],
];

/** Every fenced code block of the checked pages, with its language. */
function codeBlocks(): (Block & { lang: string })[] {
  const blocks: (Block & { lang: string })[] = [];
  for (const [file, path] of PAGES) {
    const markdown = readFileSync(path, 'utf8');
    for (const match of markdown.matchAll(/^```(\w*)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)) {
      const line = markdown.slice(0, match.index).split('\n').length;
      blocks.push({ where: `${file}:${line}`, lang: match[1]!, text: match[2]! });
    }
  }
  return blocks;
}

const jsonString = (text: string) => JSON.parse(`"${text}"`) as string;

/**
 * The GraphQL written inside recipe code, as the recipes write it: a JSON `"query":"…"` or a jq
 * `query: "…"` (JSON-escaped), a shell `query='…'` or `'query=…'`, a JavaScript template literal,
 * a Python triple-quoted string. Only strings that start like an operation are taken.
 */
const EMBEDDED: Record<string, { pattern: RegExp; decode?: (text: string) => string }[]> = {
  sh: [
    { pattern: /"query":\s*"((?:[^"\\]|\\.)*)"/g, decode: jsonString },
    { pattern: /\bquery: "((?:[^"\\]|\\.)*)"/g, decode: jsonString },
    { pattern: /\bquery='([^']*)'/g },
    { pattern: /'query=([^']*)'/g },
  ],
  js: [{ pattern: /`((?:query|\{)[^`]*)`/g }],
  python: [{ pattern: /"""\s*((?:query|\{)[\s\S]*?)"""/g }],
};

function embeddedQueries(blocks: readonly (Block & { lang: string })[]): Block[] {
  const found: Block[] = [];
  for (const block of blocks) {
    for (const { pattern, decode } of EMBEDDED[block.lang] ?? []) {
      for (const match of block.text.matchAll(pattern)) {
        const text = decode ? decode(match[1]!) : match[1]!;
        if (/^\s*(query\b|\{)/.test(text)) found.push({ where: `${block.where} (${block.lang})`, text });
      }
    }
  }
  return found;
}

function needsNoVariables(text: string): boolean {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch {
    return false; // the validity test reports it
  }
  return document.definitions.every((definition) => definition.kind !== Kind.OPERATION_DEFINITION || !definition.variableDefinitions?.length);
}

const allCode = codeBlocks();
const blocks: Block[] = allCode.filter((block) => block.lang === 'graphql');
const embedded = embeddedQueries(allCode);
const validationErrors = (text: string) => validate(schema, parse(text)).map((error) => error.message);

describe('docs recipes', () => {
  it('has the recipe pages, with GraphQL in them', () => {
    const pages = readdirSync(DOCS);
    for (const page of ['README.md', 'curl.md', 'javascript.md', 'python.md', 'paging.md', 'bulk-pull.md', 'change-feed.md']) expect(pages).toContain(page);
    for (const page of ['curl.md', 'javascript.md', 'python.md', 'paging.md', 'bulk-pull.md', 'change-feed.md']) {
      expect(blocks.some((block) => block.where.startsWith(`${page}:`)), page).toBe(true);
    }
  });

  it.each(blocks.map((block) => [block.where, block] as const))('%s is valid against the schema', (_, block) => {
    expect(validationErrors(block.text)).toEqual([]);
  });

  it('finds the queries inside the recipes', () => {
    for (const lang of ['sh', 'js', 'python']) expect(embedded.some((query) => query.where.endsWith(`(${lang})`)), lang).toBe(true);
  });

  it.each(embedded.map((query) => [query.where, query] as const))('the query in %s is valid against the schema', (_, query) => {
    expect(validationErrors(query.text)).toEqual([]);
  });

  const { app } = sampleApp();
  const runnable = blocks.filter((block) => needsNoVariables(block.text));
  it('runs some blocks as they are', () => expect(runnable.length).toBeGreaterThanOrEqual(5));

  it.each(runnable.map((block) => [block.where, block] as const))('%s runs on the sample without errors', async (_, block) => {
    const result = await execute(app, block.text);
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.data).toBeTruthy();
  });
});
