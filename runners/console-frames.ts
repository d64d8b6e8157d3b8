/**
 * Lines of the program's output as they travel over the appliance console (in-image.sh):
 * each is a frame `MARK N LEN LINE MARK N` (N its line number, LEN its length in bytes).
 * guestfish hands console text over as events whose buffer may carry stale bytes after the
 * fresh ones, so a frame is shown only when it checks: its trailer (which names its own line
 * number, so stale text cannot forge it) sits exactly LEN bytes after its header. Frames that
 * do not check, and stale copies of earlier ones, are dropped; `missing` tells the caller
 * which lines to show from the program's log instead.
 */
export class ConsoleFrames {
  private buf = '';
  private readonly seen = new Set<number>();
  private readonly header: RegExp;

  /** `onLine` gets each checked line once, as text (the console bytes decoded as UTF-8). */
  constructor(
    private readonly mark: string,
    private readonly onLine: (n: number, line: string) => void,
  ) {
    this.header = new RegExp(`^${mark.replace(/[^A-Za-z0-9]/g, '\\$&')}([0-9]{1,9}) ([0-9]{1,9}) `);
  }

  /** Console text, decoded as latin1 (one char per byte, so LEN counts right). */
  push(chunk: string): void {
    this.buf += chunk;
    for (;;) {
      const at = this.buf.indexOf(this.mark);
      if (at < 0) {
        this.buf = this.buf.slice(-(this.mark.length - 1));
        return;
      }
      this.buf = this.buf.slice(at);
      const m = this.header.exec(this.buf.slice(0, this.mark.length + 22));
      if (!m) {
        if (this.buf.length < this.mark.length + 22 && /^[0-9 ]*$/.test(this.buf.slice(this.mark.length))) return; // header not complete yet
        this.buf = this.buf.slice(1);
        continue;
      }
      const n = Number(m[1]);
      const len = Number(m[2]);
      const start = m[0].length;
      const trailer = `${this.mark}${n}`;
      if (len > 1 << 20) {
        this.buf = this.buf.slice(1);
        continue;
      }
      // a payload never holds the mark (it is random per run): one inside means stale bytes
      const inner = this.buf.indexOf(this.mark, start);
      if (inner >= 0 && inner < start + len) {
        this.buf = this.buf.slice(1);
        continue;
      }
      if (this.buf.length < start + len + trailer.length) return; // wait for the rest
      if (this.buf.slice(start + len, start + len + trailer.length) !== trailer) {
        this.buf = this.buf.slice(1);
        continue;
      }
      if (!this.seen.has(n)) {
        this.seen.add(n);
        this.onLine(n, Buffer.from(this.buf.slice(start, start + len), 'latin1').toString('utf8'));
      }
      this.buf = this.buf.slice(start + len + trailer.length);
    }
  }

  /** Line numbers 1..total that were not shown. */
  missing(total: number): number[] {
    const out: number[] = [];
    for (let n = 1; n <= total; n++) if (!this.seen.has(n)) out.push(n);
    return out;
  }
}
