/**
 * Opening an import file as a stream of bytes, gzipped or not.
 *
 * Streaming readers
 * -----------------
 * The big dumps (Papers with Code, Hugging Face daily papers, arXiv feeds) are read as streams so a
 * 1 GB file costs a few MB of memory, not its size. Every streaming reader starts here:
 *
 * - Compression is recognised by content (the two gzip magic bytes), never by the file name: dumps
 *   get renamed, and `papers.json` that is really gzipped (or `papers.json.gz` that is not) must still
 *   read correctly.
 * - Every failure, whether the file cannot be opened or the gzip data is corrupt halfway through a
 *   1 GB file, surfaces as an `InputError` that names the file and says in plain words what is wrong.
 *   Raw `ENOENT`s and zlib codes never reach the user.
 *
 * `InputError` is for a file that cannot be read as a whole (or any further); a single bad record in a
 * readable file is a `RecordError` (record.ts) and the import goes on. Positions in an `InputError`:
 * `line` (1-based) where a line is meaningful (XML), otherwise the reason names the byte offset or
 * the array element; byte offsets count bytes of the decompressed data.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Where in a file an `InputError` happened, when that is known. */
export interface InputLocation {
  /** 1-based line, for text formats where lines mean something (XML). */
  line?: number;
  /** 1-based column on that line. */
  column?: number;
  /** 0-based byte offset into the (decompressed) data. */
  offset?: number;
  /** 0-based index of the array element being read. */
  index?: number;
}

/** A file that cannot be read (any further): missing, unreadable, corrupt, or not the expected format. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    /** What is wrong, in plain words; the message is `file[:line]: reason`. */
    readonly reason: string,
    readonly location: InputLocation = {},
  ) {
    super(`${file}${location.line !== undefined ? `:${location.line}` : ''}: ${reason}`);
    this.name = 'InputError';
  }
}

/** Chunk size for reading: large enough that per-chunk overhead vanishes, small enough to stay cheap. */
const CHUNK_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Turns an fs or zlib failure into an `InputError` a person can act on. */
export function toInputError(file: string, error: unknown): InputError {
  if (error instanceof InputError) return error;
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
      return new InputError(file, 'no such file');
    case 'EACCES':
    case 'EPERM':
      return new InputError(file, 'not readable: permission denied');
    case 'EISDIR':
      return new InputError(file, 'is a directory, not a file');
    case 'ENOTDIR':
      return new InputError(file, 'no such file (a part of the path is not a directory)');
    case 'EMFILE':
    case 'ENFILE':
      return new InputError(file, 'cannot be opened: too many open files');
    case 'EIO':
      return new InputError(file, 'cannot be read: input/output error on the device');
    // zlib: Z_BUF_ERROR is what a gzip stream that stops early reports ("unexpected end of file").
    case 'Z_BUF_ERROR':
      return new InputError(file, 'the gzip data is truncated: the file ends before the compressed data does');
    case 'Z_DATA_ERROR':
      return new InputError(file, `the gzip data is corrupt (${(error as Error).message})`);
    case 'Z_MEM_ERROR':
      return new InputError(file, 'cannot be decompressed: out of memory');
  }
  if (code?.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
    return new InputError(file, `the gzip data cannot be decompressed (${(error as Error).message})`);
  }
  if (code) return new InputError(file, `cannot be read (${code})`);
  // Anything else is a bug rather than a property of the file; keep its message, not its stack.
  return new InputError(file, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
}

/**
 * Bytes read from import files so far (as stored: compressed bytes for a gzipped file), across
 * every file opened by this process. Progress reporting compares it with the files' sizes.
 */
export const inputMeter = { bytesRead: 0 };

async function* readBytes(file: string): AsyncGenerator<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw toInputError(file, error);
  }
  let source: Readable;
  try {
    const head = Buffer.alloc(GZIP_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const gzipped = bytesRead === GZIP_MAGIC.length && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
    // The stream owns the handle from here on and closes it when it ends or is destroyed.
    const raw = handle.createReadStream({ start: 0, highWaterMark: CHUNK_BYTES });
    raw.on('data', (chunk) => {
      inputMeter.bytesRead += chunk.length;
    });
    // `pipeline` forwards a read error into the gunzip stream and tears both down together, so a
    // consumer that stops early closes the file too.
    source = gzipped ? pipeline(raw, createGunzip({ chunkSize: CHUNK_BYTES }), () => {}) : raw;
  } catch (error) {
    await handle.close().catch(() => {});
    throw toInputError(file, error);
  }
  try {
    // Pull-based: the next chunk is read (and decompressed) only when the consumer asks for it,
    // which is what keeps a slow consumer from filling memory.
    for await (const chunk of source) yield chunk as Buffer;
  } catch (error) {
    throw toInputError(file, error);
  }
}

/**
 * Opens `file` as a byte stream, gunzipping it when it starts with the gzip magic bytes. Nothing
 * is thrown synchronously: every failure (missing file, unreadable, corrupt or truncated gzip) is
 * an `InputError` emitted by the stream, so consumers have one place to handle errors. Destroying
 * the stream (or breaking out of `for await`) closes the file.
 */
export function openInput(file: string): Readable {
  return Readable.from(readBytes(file), { objectMode: false, highWaterMark: CHUNK_BYTES });
}
