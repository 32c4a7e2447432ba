/**
 * The per-request context: the database and a fresh set of loaders. Created by one function that
 * the server and the tests share.
 */
import type { Db } from './db/client.ts';
import { createLoaders, type Loaders } from './db/loaders.ts';

export type Context = Readonly<{ db: Db; loaders: Loaders }>;

export function createContext(db: Db): Context {
  return { db, loaders: createLoaders(db) };
}
