/** One record of a CSV file, with the line it starts on; or why it could not be read. */
export type CsvRecord = { readonly line: number; readonly cells: string[] } | { readonly line: number; readonly error: string };

/**
 * Reads CSV (RFC 4180: comma-separated, double quotes around cells that hold
 * commas, quotes or line breaks, "" for a quote inside them; LF or CRLF) into
 * records numbered by the line each starts on. Cells are trimmed; blank lines
 * are skipped. A record that cannot be read is reported and reading goes on
 * at the next line, so one stray quote does not hide every error after it.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  return [...csvRecords(text)];
}

/** The records one at a time, so a long file can be read between other work. */
export function* csvRecords(text: string): Generator<CsvRecord> {
  const length = text.length;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  /** Moves past the end of the current line (for a record that could not be read). */
  const skipLine = (): void => {
    while (index < length && text[index] !== '\n') index++;
    if (index < length) {
      index++;
      line++;
    }
  };

  while (index < length) {
    const start = line;
    // A blank line (or one of spaces) is no record.
    let probe = index;
    while (probe < length && (text[probe] === ' ' || text[probe] === '\t' || text[probe] === '\r')) probe++;
    if (probe >= length) break;
    if (text[probe] === '\n') {
      index = probe + 1;
      line++;
      continue;
    }

    const cells: string[] = [];
    let error: string | undefined;
    for (;;) {
      while (index < length && (text[index] === ' ' || text[index] === '\t')) index++;
      if (text[index] === '"') {
        let value = '';
        index++;
        for (;;) {
          const quote = text.indexOf('"', index);
          if (quote < 0) {
            error = `a quoted cell opened on line ${line} is never closed`;
            index = length;
            break;
          }
          const chunk = text.slice(index, quote);
          for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) line++;
          value += chunk;
          index = quote + 1;
          if (text[index] === '"') {
            value += '"';
            index++;
            continue;
          }
          break;
        }
        if (error) break;
        while (index < length && (text[index] === ' ' || text[index] === '\t')) index++;
        cells.push(value.trim());
        if (index < length && text[index] !== ',' && text[index] !== '\n' && text[index] !== '\r') {
          error = `unexpected ${JSON.stringify(text[index])} after a quoted cell (a quote inside a quoted cell is written "")`;
          skipLine();
          break;
        }
      } else {
        let end = index;
        while (end < length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
        cells.push(text.slice(index, end).trim());
        index = end;
      }
      if (index >= length) break;
      if (text[index] === ',') {
        index++;
        continue;
      }
      // The end of the record: LF or CRLF.
      if (text[index] === '\r') index++;
      if (text[index] === '\n') {
        index++;
        line++;
      }
      break;
    }
    yield error === undefined ? { line: start, cells } : { line: start, error };
  }
}
