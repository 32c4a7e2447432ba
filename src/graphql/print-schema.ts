/** Writes the printed SDL to schema/api.graphql (`npm run schema:print`); a test checks it is current. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.ts';

export const SDL_PATH = fileURLToPath(new URL('../../schema/api.graphql', import.meta.url));

export function printSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SDL_PATH, printSdl());
  console.log(`Wrote ${SDL_PATH}`);
}
