/**
 * The checks every input file passes before any parsing: a type the importer reads, not empty,
 * not over the size limit, and text that really is UTF-8 text. Each failure is an ImportError
 * naming the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ImportError } from './import-error.ts';

/** Files over this size are refused: a delivery plan is a few hundred kilobytes at most. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Spreadsheets with more data rows than this are refused. */
export const MAX_ROWS = 20_000;

export type InputKind = 'document' | 'xlsx' | 'csv';

/** What an input file is, by its extension: .txt (plan document), .xlsx or .csv. */
export function inputKindOf(path: string): InputKind {
  const extension = extname(path).toLowerCase();
  switch (extension) {
    case '.txt':
    case '.text':
      return 'document';
    case '.xlsx':
      return 'xlsx';
    case '.csv':
      return 'csv';
    default:
      throw new ImportError('unsupported-type', `${basename(path)}: Waymark imports a plan document saved as .txt, or a spreadsheet (.xlsx or .csv); "${extension || 'no extension'}" is neither.`, [
        { file: basename(path), message: `unsupported file type ${extension || '(none)'}` },
      ]);
  }
}

/** The file's bytes, after checking that it exists, is not empty and is within MAX_FILE_BYTES. */
export async function readInputBytes(path: string, maxBytes = MAX_FILE_BYTES): Promise<Buffer> {
  const file = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    throw new ImportError('unreadable', `${file}: the file cannot be read (${(error as Error).message}).`, [{ file, message: 'cannot be read' }], { cause: error });
  }
  if (size === 0) throw new ImportError('empty', `${file} is empty.`, [{ file, message: 'the file is empty' }]);
  if (size > maxBytes) {
    const megabytes = (size / 1024 / 1024).toFixed(1);
    throw new ImportError('too-large', `${file} is ${megabytes} MB; the importer reads files up to ${maxBytes / 1024 / 1024} MB.`, [{ file, message: `the file is ${megabytes} MB` }]);
  }
  return readFile(path);
}

/**
 * The bytes as text: refused when they hold NUL bytes or are not valid UTF-8 (a spreadsheet
 * saved as "CSV" in a legacy code page, a Word .doc renamed .txt). A byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new ImportError('binary', `${file} is not a text file (it holds binary data at byte ${nul}). Save the plan as plain text (.txt, UTF-8) or the spreadsheet as .xlsx or CSV UTF-8.`, [
      { file, message: `binary data at byte ${nul}` },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const line = firstBadUtf8Line(bytes);
    throw new ImportError('binary', `${file} is not UTF-8 text (line ${line}). Save it again as UTF-8 (in Excel: "CSV UTF-8").`, [{ file, line, message: 'not UTF-8 text' }], { cause: error });
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new ImportError('empty', `${file} holds no text.`, [{ file, message: 'the file holds only white space' }]);
  return text;
}

function firstBadUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line += 1;
      start = i + 1;
    }
  }
  return line;
}
