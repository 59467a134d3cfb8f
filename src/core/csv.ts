/** CSV as RFC 4180 says, made safe to open in a spreadsheet. */

/** A cell: text is quoted as needed and neutralised; numbers are written as they are. */
export type Cell = string | number;

/**
 * Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"): =, +, -, @, and the
 * tab and carriage return some programs strip before looking. Such a text cell gets a leading apostrophe,
 * so `=HYPERLINK(…)` in a display name shows as text instead of running.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell, neutralised against formulas, then quoted when it holds a comma, quote or line break. */
export function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number cell: finite numbers only, never a formula (a negative number stays a number). */
function numberCell(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

/**
 * Rows as CSV text: CRLF after every record, as RFC 4180 has it. Starts with a UTF-8 byte order mark,
 * which Excel needs to read names outside ASCII; other readers skip it.
 */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  const lines = rows.map((row) => row.map((c) => (typeof c === 'number' ? numberCell(c) : textCell(c))).join(','));
  return `\uFEFF${lines.map((l) => `${l}\r\n`).join('')}`;
}
