/**
 * Output of a pull: a sink (a file, or a stream such as stdout) and a writer per format.
 *
 * Every writer only ever appends, and knows how to carry on after rows already written, so that a
 * resumed pull appends to the output of the interrupted one and the result is byte for byte what a
 * clean pull writes:
 *  - ndjson: one JSON object a line;
 *  - csv: a header line, then one record a row (csv-stringify does all quoting);
 *  - json: `[`, the rows separated by `,`, and `]` only when the pull has finished. While a pull
 *    runs (or after it was interrupted) the file is an unterminated array; the state file records
 *    the byte length after the last complete page, a resume cuts the file back to it and goes on,
 *    and the closing `]` makes the whole one valid array — no temporary file, no rewriting.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { PullError } from './errors.ts';
import { columnsOf, rowFlattener } from './flatten.ts';
import type { Shape } from './query.ts';

export const FORMATS = ['ndjson', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];
export const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);

/** Where output bytes go. `bytes` counts what has been written, for the resume state. */
export interface Sink {
  readonly bytes: number;
  write(text: string): Promise<void>;
  /** Makes what was written durable before the state file says it was. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

function fileError(path: string, error: unknown): PullError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
  return new PullError(`cannot write ${path}: ${why}`, { cause: error });
}

/**
 * A file sink. `keepBytes` undefined starts the file afresh; a number keeps that many bytes of an
 * existing file (what the last complete page ended at) and appends after them, dropping anything an
 * interrupted pull wrote past its last saved state.
 */
export async function openFileSink(path: string, keepBytes?: number): Promise<Sink> {
  let handle: FileHandle;
  try {
    handle = await open(path, keepBytes === undefined ? 'w' : 'r+');
    if (keepBytes !== undefined) {
      const { size } = await handle.stat();
      if (size < keepBytes) {
        await handle.close();
        throw new PullError(`cannot resume: ${path} holds ${size} bytes, fewer than the ${keepBytes} its state file records (was it changed?); delete the state file to start over`);
      }
      await handle.truncate(keepBytes);
    }
  } catch (error) {
    if (error instanceof PullError) throw error;
    throw fileError(path, error);
  }
  let bytes = keepBytes ?? 0;
  return {
    get bytes() {
      return bytes;
    },
    async write(text) {
      const buffer = Buffer.from(text, 'utf8');
      try {
        // Explicit positions: after the truncate, writing at `bytes` is exactly appending.
        let done = 0;
        while (done < buffer.length) done += (await handle.write(buffer, done, buffer.length - done, bytes + done)).bytesWritten;
      } catch (error) {
        throw fileError(path, error);
      }
      bytes += buffer.length;
    },
    async flush() {
      await handle.datasync();
    },
    async close() {
      await handle.close();
    },
  };
}

/** A sink over a stream (stdout), honouring back-pressure so a slow reader slows the pull down. */
export function streamSink(stream: NodeJS.WritableStream): Sink {
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    async write(text) {
      bytes += Buffer.byteLength(text);
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async flush() {},
    async close() {},
  };
}

export interface RowWriter {
  /** Writes what comes before the rows (the CSV header, the `[` of a JSON array) to a new output. */
  start(): Promise<void>;
  writeRows(rows: readonly unknown[]): Promise<void>;
  /** Writes what closes the output (the `]` of a JSON array). */
  finish(): Promise<void>;
}

export interface WriterOptions {
  /** The shape of a row, which fixes the CSV columns. */
  rowShape: Shape;
  /**
   * Rows already in the output when resuming, else 0. A resumed output always holds its start
   * (header, `[`): it is written before the first page, and state is saved only after a page.
   */
  rowsSoFar: number;
  resuming: boolean;
}

export function createWriter(format: Format, sink: Sink, options: WriterOptions): RowWriter {
  switch (format) {
    case 'ndjson':
      return {
        async start() {},
        async writeRows(rows) {
          if (rows.length) await sink.write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
        },
        async finish() {},
      };
    case 'json': {
      let count = options.rowsSoFar;
      return {
        async start() {
          if (!options.resuming) await sink.write('[');
        },
        async writeRows(rows) {
          let text = '';
          for (const row of rows) text += `${count++ === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`;
          if (text) await sink.write(text);
        },
        async finish() {
          await sink.write(count ? '\n]\n' : ']\n');
        },
      };
    }
    case 'csv': {
      const columns = columnsOf(options.rowShape);
      const flatten = rowFlattener(columns);
      // Records are arrays, not objects: csv-stringify reads a dotted column name as a path into
      // nested objects, and our names are dotted on purpose.
      return {
        async start() {
          if (!options.resuming) await sink.write(stringify([columns]));
        },
        async writeRows(rows) {
          if (rows.length) await sink.write(stringify(rows.map(flatten)));
        },
        async finish() {},
      };
    }
  }
}
