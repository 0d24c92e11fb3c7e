/**
 * Characters that make a spreadsheet read a field as a formula when they start it (OWASP's list:
 * = + - @, and tab and carriage return, which some programs strip before looking).
 */
const FORMULA_CHARACTERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Where a spreadsheet may start a new field inside our cell: after a separator it may be set to
 * use (comma, semicolon, tab) or a line break. A program that splits on another separator than
 * ours does not see our quotes where we meant them, so such a field must not start a formula either.
 */
const SEPARATORS = new Set([',', ';', '\t', '\r', '\n']);

/**
 * An apostrophe before every formula character that could start a field: at the start of the
 * cell and after every separator (spaces in between skipped: some programs trim them). Tab and
 * CR are both, so "\t=1" becomes "'\t'=1".
 */
function neutraliseFormulas(text: string): string {
  let out = '';
  let atFieldStart = true;
  for (const c of text) {
    if (atFieldStart && FORMULA_CHARACTERS.has(c)) out += "'";
    out += c;
    if (SEPARATORS.has(c)) atFieldStart = true;
    else if (c !== ' ') atFieldStart = false;
  }
  return out;
}

/**
 * One RFC 4180 cell, always quoted (inner quotes doubled), so no value can end the cell early,
 * with formula starts neutralised: an attendee named "=HYPERLINK(…)" or "a;=cmd|' /C calc'!A0"
 * stays text. Numbers are quoted too: spreadsheets read a quoted number as a number.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '""';
  return `"${neutraliseFormulas(String(value)).replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
