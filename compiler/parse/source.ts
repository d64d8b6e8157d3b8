import type { Location } from '../ast/nodes.js';

/**
 * A manifest's text with a line index: turns 0-based offsets into 1-based line/column
 * locations. Columns count UTF-16 code units, like editors' "character" columns.
 */
export class SourceFile {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1 };
  }

  location(start: number, end: number): Location {
    const s = this.position(start);
    const e = this.position(Math.max(start, end));
    return { file: this.file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, start, end: Math.max(start, end) };
  }
}
