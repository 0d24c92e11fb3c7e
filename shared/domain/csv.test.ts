import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('CSV', () => {
  it('quotes every cell per RFC 4180, inner quotes doubled', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(5000)).toBe('"5000"');
    expect(csvCell(false)).toBe('"false"');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+33 6 12')).toBe(`"'+33 6 12"`);
    expect(csvCell('-1')).toBe(`"'-1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1+1')).toBe(`"'\t'=1+1"`);
    expect(csvCell('\r=1+1')).toBe(`"'\r'=1+1"`);
  });

  it('neutralises a formula after any separator a spreadsheet may split on, inside the cell', () => {
    expect(csvCell("a;=cmd|' /C calc'!A0;b")).toBe(`"a;'=cmd|' /C calc'!A0;b"`);
    expect(csvCell('a,+1')).toBe(`"a,'+1"`);
    expect(csvCell('a\t@SUM(A1)')).toBe(`"a\t'@SUM(A1)"`);
    expect(csvCell('line\n-2+3')).toBe(`"line\n'-2+3"`);
    expect(csvCell('line\r\n=1')).toBe(`"line\r\n'=1"`);
    expect(csvCell('a;  =1')).toBe(`"a;  '=1"`);
    // Formula characters anywhere else are plain text and stay as they are.
    expect(csvCell('a-b = c + d @ e')).toBe('"a-b = c + d @ e"');
  });

  it('leaves no field starting with a formula character, whichever separator the spreadsheet splits on', () => {
    const hostile = ["a;=cmd|' /C calc'!A0;b", 'x,=1', 'x\t+1', 'x\n@A1', 'x;  -1', '=1', '"=1"', 'a";=1;"b'];
    const line = toCsv(['h'], [hostile]);
    for (const separator of [',', ';', '\t', '\n', '\r']) {
      for (const field of line.split(separator)) {
        // Read as a program may: as is, with spaces trimmed, or unquoted if it starts with a quote.
        const readings = [field, field.trimStart(), field.startsWith('"') ? field.slice(1).replace(/""/g, '"').trimStart() : field];
        for (const reading of readings) expect(reading, `split on ${JSON.stringify(separator)}: ${JSON.stringify(field)}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it('ends every record with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('"a","b"\r\n"1","x,y"\r\n');
  });
});
