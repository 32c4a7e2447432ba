/**
 * Streams the elements of a file whose top level is one JSON array, however big the file.
 *
 * Streaming readers
 * -----------------
 * Library: `@streamparser/json` (the core package, no stream wrapper). Measured on a generated 200 MB
 * array of Papers-with-Code-like objects it parsed 73-82 MB/s against 40-50 MB/s for `stream-json`
 * 3.8.0, with a third less resident memory; it has no dependencies, is a compliant tokenizer
 * (escapes, surrogate pairs, UTF-8 split across chunks), and handles a `__proto__` key as JSON.parse
 * does. Its `paths: ['$.*']` mode emits each element of the top-level array once complete, and
 * `keepStack: false` drops the element from the parser's copy of the array as soon as it is emitted.
 *
 * Through `openInput` the whole reader runs at about 70-75 MB/s on that file, and at about 70 MB/s of
 * JSON when it is gzipped.
 *
 * Backpressure: the parser is synchronous and push-based, so it is driven from a pull loop. A chunk is
 * read and parsed only when the elements parsed from the previous one have all been taken by the
 * consumer; at any time memory holds a chunk or two (64 KB each) and the elements one chunk completed,
 * never the file. The test suite checks this on a 50 MB array with a slow consumer.
 *
 * The second half of this file reads the fields of an element (`JsonFields`), so that every
 * JSON-array reader words type errors the same way.
 *
 * Positions: elements carry their 0-based `index` in the array. A file that breaks (syntax error,
 * truncation, a top level that is not an array) is an `InputError` whose reason names the byte offset
 * (of the decompressed data) and the index of the element being read, and whose `location` carries
 * both.
 */
import { TokenParser, TokenParserError, Tokenizer, TokenizerError, TokenType } from '@streamparser/json';
import type { ParsedTokenInfo } from '@streamparser/json';
import { RecordError, type RecordPosition } from '../record.ts';
import { InputError, openInput } from './input.ts';

export interface JsonArrayElement {
  value: unknown;
  /** 0-based position in the top-level array. */
  index: number;
}

const TOKEN_TEXT: Partial<Record<TokenType, string>> = {
  [TokenType.LEFT_BRACE]: 'an object',
  [TokenType.STRING]: 'a string',
  [TokenType.NUMBER]: 'a number',
  [TokenType.TRUE]: 'true',
  [TokenType.FALSE]: 'false',
  [TokenType.NULL]: 'null',
};

/** Bytes of a string the tokenizer gathers before decoding them (a longer string is decoded in parts). */
const STRING_BUFFER_BYTES = 64 * 1024;

/** Thrown from the token hook to stop the parser; turned into an InputError by the caller. */
class NotAnArray extends Error {
  constructor(
    readonly found: string,
    readonly offset: number,
  ) {
    super('not an array');
  }
}

/**
 * Yields every element of the top-level JSON array in `file` (gzipped or not) as it is parsed.
 * Throws `InputError` when the file cannot be read, is not a JSON array, is not valid JSON, or ends
 * before the array does. Stopping early (breaking out of `for await`) closes the file.
 */
export async function* streamJsonArray(file: string): AsyncGenerator<JsonArrayElement> {
  // Strings gathered as bytes in one buffer and decoded once each, where the default decodes every
  // piece of a string as it arrives and joins them: reading the 100,000-paper corpus took a quarter
  // less CPU (4.5-5.6 s against 6.1-7.0 s; bench/README.md, "Reading strings into a buffer").
  const tokenizer = new Tokenizer({ stringBufferSize: STRING_BUFFER_BYTES });
  const parser = new TokenParser({ paths: ['$.*'], keepStack: false });
  // Elements completed by the chunk being parsed; drained before the next chunk is read.
  const ready: unknown[] = [];
  let emitted = 0;
  // Bytes handed to the tokenizer before the current chunk, for error offsets.
  let consumed = 0;
  let sawToken = false;

  // Only the first token needs checking: once it is `[`, tokens go straight to the parser.
  tokenizer.onToken = (info: ParsedTokenInfo) => {
    if (info.token !== TokenType.LEFT_BRACKET) throw new NotAnArray(TOKEN_TEXT[info.token] ?? `"${String(info.value)}"`, info.offset);
    sawToken = true;
    tokenizer.onToken = (next: ParsedTokenInfo) => parser.write(next);
    parser.write(info);
  };
  tokenizer.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };
  parser.onError = (error: Error) => tokenizer.error(error);
  parser.onEnd = () => {
    if (!tokenizer.isEnded) tokenizer.end();
  };
  parser.onValue = ({ value }) => {
    ready.push(value);
  };

  const fail = (error: unknown, endOfData: boolean): InputError => {
    // Elements already parsed from this chunk are fine; the break is in the one after them.
    const index = emitted + ready.length;
    if (error instanceof InputError) return error;
    if (error instanceof NotAnArray) {
      return new InputError(file, `expected a JSON array at the top level, found ${error.found} (at byte ${error.offset})`, {
        offset: error.offset,
      });
    }
    if (endOfData) {
      if (!sawToken) return new InputError(file, 'the file is empty: expected a JSON array', { offset: consumed });
      return new InputError(
        file,
        `the JSON is truncated: the file ends at byte ${consumed} inside element ${index}, before the array is closed`,
        { offset: consumed, index },
      );
    }
    return syntaxError(file, error, consumed, index);
  };

  try {
    for await (const chunk of openInput(file)) {
      const bytes = chunk as Buffer;
      let broken: InputError | null = null;
      try {
        tokenizer.write(bytes);
      } catch (error) {
        broken = fail(error, false);
      }
      consumed += bytes.length;
      // An index, not shift(): shift is O(n) and a chunk can complete hundreds of small elements.
      for (let pos = 0; pos < ready.length; pos++) {
        const value = ready[pos];
        ready[pos] = undefined;
        yield { value, index: emitted++ };
      }
      ready.length = 0;
      // The elements before the break are good: they are yielded first, as they would have been had
      // the break been in a later chunk.
      if (broken) throw broken;
    }
  } finally {
    // A consumer that stopped early leaves elements behind; drop them so they can be collected.
    ready.length = 0;
  }
  if (!tokenizer.isEnded) {
    try {
      tokenizer.end();
    } catch (error) {
      throw fail(error, true);
    }
  }
  // Whitespace-only input ends the tokenizer cleanly without a single token.
  if (!sawToken) throw fail(null, true);
  // The parser ends itself when the array closes; if it has not, the input stopped inside it.
  if (!parser.isEnded) throw fail(null, true);
}

// The wording of @streamparser/json 0.0.26 (pinned); should it change, the raw message is used instead.
const UNEXPECTED = /^Unexpected "(.*)" at chunk position "\d+" \(absolute position "(\d+)"\) in state (\w+)/s;
const UNEXPECTED_TOKEN = /^Unexpected (\w+) \((.*)\) in state/s;

/** Reasons a person can act on, from the library's parser-state messages. */
function syntaxError(file: string, error: unknown, chunkStart: number, index: number): InputError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TokenizerError) {
    const m = UNEXPECTED.exec(message);
    if (m) {
      const offset = Number(m[2]);
      const char = printable(m[1]!);
      if (m[3] === 'ENDED') {
        return new InputError(file, `unexpected ${char} at byte ${offset} after the end of the top-level array`, { offset });
      }
      return new InputError(file, `invalid JSON at byte ${offset}, in element ${index}: unexpected ${char}`, { offset, index });
    }
  }
  if (error instanceof TokenParserError) {
    // Token-level errors (a missing comma, a `:` out of place) carry no offset; the chunk does.
    const m = UNEXPECTED_TOKEN.exec(message);
    const what = m ? `unexpected ${m[2]}` : 'misplaced token';
    return new InputError(file, `invalid JSON in element ${index} (in the 64 KB from byte ${chunkStart}): ${what}`, {
      offset: chunkStart,
      index,
    });
  }
  // Invalid UTF-8 inside a string surfaces from the decoder.
  if (error instanceof TypeError && /encod|decod/i.test(message)) {
    return new InputError(file, `invalid UTF-8 in element ${index} (in the 64 KB from byte ${chunkStart})`, { offset: chunkStart, index });
  }
  return new InputError(file, `invalid JSON in element ${index}: ${message}`, { offset: chunkStart, index });
}

function printable(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `control character 0x${code.toString(16).padStart(2, '0')}`;
  if (code > 0x7f) return `byte 0x${code.toString(16)}`;
  return `"${char}"`;
}

/* ------------------------------------------------------------------------------------------------
 * Reading the fields of one element. Shared by the readers of JSON-array formats so that every one
 * words type errors the same way: a wrong type is a RecordError for that element, an absent or null
 * field is simply absent.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a JSON value for error messages: `an array`, `number 5`, `string "x…"`. */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 39)}…` : text}`;
}

/**
 * Typed access to an element's fields. `prefix` names a nested object in messages
 * (`"paper.title" must be a string`).
 */
export class JsonFields {
  constructor(
    readonly obj: JsonObject,
    readonly position: RecordPosition,
    private readonly prefix = '',
  ) {}

  /** A RecordError for this element. */
  error(reason: string): RecordError {
    return new RecordError(this.position, reason);
  }

  name(key: string): string {
    return `"${this.prefix}${key}"`;
  }

  private wrongType(key: string, expected: string, value: unknown): RecordError {
    return this.error(`${this.name(key)} must be ${expected}, got ${describeJson(value)}`);
  }

  string(key: string): string | null {
    const value = this.obj[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw this.wrongType(key, 'a string', value);
    return value;
  }

  boolean(key: string): boolean | null {
    const value = this.obj[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') throw this.wrongType(key, 'true or false', value);
    return value;
  }

  /** An array of strings; absent or null is an empty array. */
  strings(key: string): string[] {
    const value = this.obj[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.wrongType(key, 'an array of strings', value);
    const bad = value.findIndex((item) => typeof item !== 'string');
    if (bad >= 0) throw this.error(`${this.name(key)} must be an array of strings, but item ${bad} is ${describeJson(value[bad])}`);
    return value as string[];
  }

  /** A nested object as its own JsonFields, or null when absent. */
  object(key: string): JsonFields | null {
    const value = this.obj[key];
    if (value === undefined || value === null) return null;
    if (!isJsonObject(value)) throw this.wrongType(key, 'an object', value);
    return new JsonFields(value, this.position, `${this.prefix}${key}.`);
  }

  /** An array whose items are read by the caller; absent or null is an empty array. */
  array(key: string): unknown[] {
    const value = this.obj[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.wrongType(key, 'an array', value);
    return value;
  }
}

/** Strings as a list without blanks or repeats, in first-seen order, white space collapsed. */
export function distinctStrings(values: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const raw of values) {
    const value = raw.replace(/\s+/g, ' ').trim();
    if (value) seen.add(value);
  }
  return [...seen];
}
