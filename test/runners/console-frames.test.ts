import { expect } from 'chai';
import { ConsoleFrames } from '../../runners/console-frames.js';

const MARK = '@sip-0123456789ab@';
const frame = (n: number, line: string) => `${MARK}${n} ${Buffer.byteLength(line)} ${Buffer.from(line).toString('latin1')}${MARK}${n}\r\n`;

function collect(chunks: readonly string[]): { shown: [number, string][]; reader: ConsoleFrames } {
  const shown: [number, string][] = [];
  const reader = new ConsoleFrames(MARK, (n, l) => shown.push([n, l]));
  for (const c of chunks) reader.push(c);
  return { shown, reader };
}

describe('runners: console frames', () => {
  it('shows whole frames once, in order, whatever the chunking, and decodes UTF-8', () => {
    const text = frame(1, 'one') + 'kernel: noise\r\n' + frame(2, 'twö ünïcode') + frame(3, '');
    for (const size of [1, 3, 7, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const { shown, reader } = collect(chunks);
      expect(shown, `chunks of ${size}`).to.deep.equal([[1, 'one'], [2, 'twö ünïcode'], [3, '']]);
      expect(reader.missing(3)).to.deep.equal([]);
    }
  });

  it('drops a frame that stale bytes cut into, and stale copies of earlier frames; missing() names it', () => {
    const f2 = frame(2, 'After this operation, 10.2 kB of additional disk space will be used.');
    // guestfish's event buffer: the fresh bytes, then stale ones from an earlier read
    const chunks = [frame(1, 'first'), f2.slice(0, 40) + 'R holds program.sh (the emitted program)\n' + frame(1, 'first'), f2.slice(40), frame(3, 'third')];
    const { shown, reader } = collect(chunks);
    expect(shown).to.deep.equal([[1, 'first'], [3, 'third']]);
    expect(reader.missing(3)).to.deep.equal([2]);
  });

  it('ignores frames of another run (another mark) and text that only looks like a header', () => {
    const { shown } = collect([`@sip-ffffffffffff@1 3 bad@sip-ffffffffffff@1\n`, `${MARK}x y z\n`, `${MARK}9 999999999 a\n`, frame(1, 'ok')]);
    expect(shown).to.deep.equal([[1, 'ok']]);
  });

  it('does not wait for the rest of a long frame when the next frame has begun (live output never stalls)', () => {
    const { shown } = collect([`${MARK}1 60000 stale start\n`, frame(2, 'next'), frame(3, 'and the next')]);
    expect(shown).to.deep.equal([[2, 'next'], [3, 'and the next']]);
  });
});
