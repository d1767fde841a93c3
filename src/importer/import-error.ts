/**
 * The importer's one error type and the locations it reports: every problem names the file and,
 * where it can, the row and column (spreadsheets) or line (plan documents) at fault, so a
 * performance officer can open the file and fix it.
 */

/** Where in an input file something was found. Rows and lines are 1-based, as a spreadsheet or editor shows them. */
export interface SourceLocation {
  file: string;
  /** Spreadsheet row (the header is row 1). */
  row?: number;
  /** Spreadsheet column header as written in the file, with its letter for workbooks, e.g. "Status (P)". */
  column?: string;
  /** Line of a plan document. */
  line?: number;
}

/** A fault that stops the import (or, with --skip-bad-rows, skips its row). */
export interface ImportProblem extends SourceLocation {
  message: string;
}

/** Something the importer read but a person should look at; never stops the import. */
export interface ImportWarning {
  location: SourceLocation;
  message: string;
}

export type ImportErrorReason =
  /** The file has no content. */
  | 'empty'
  /** Not text (NUL bytes, not UTF-8) where text was expected. */
  | 'binary'
  /** Over the size or row limit. */
  | 'too-large'
  /** A workbook that cannot be opened (corrupt or truncated zip), or a file that cannot be read at all. */
  | 'unreadable'
  /** A file type the importer does not read. */
  | 'unsupported-type'
  /** Required columns are missing from the header row. */
  | 'missing-columns'
  /** One or more rows (or document sections) are invalid; nothing was written. */
  | 'bad-rows'
  /** The input holds no project at all. */
  | 'no-projects'
  /** Rows name more than one plan. */
  | 'mixed-plans'
  /** Writing to the lists failed part way; re-running the same import completes it. */
  | 'write-failed';

/** Why an import was refused or stopped, with every problem found. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly reason: ImportErrorReason,
    message: string,
    readonly problems: ImportProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** "file, row 4, column Status (P)" / "file, line 12": a location as a person reads it. */
export function describeLocation(location: SourceLocation): string {
  const parts = [location.file];
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  return parts.join(', ');
}
