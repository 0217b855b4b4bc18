import { describe, expect, it } from 'vitest';
import { avcLengthSize, disposableTest, isDisposableAvc, reorders } from './disposable';

/** An AVCC packet: each NAL as [header byte, payload length], with a `size`-byte length prefix. */
function packet(nals: [number, number][], size = 4): Uint8Array {
  const parts: number[] = [];
  for (const [header, payload] of nals) {
    const len = payload + 1;
    for (let i = size - 1; i >= 0; i--) parts.push((len >> (8 * i)) & 0xff);
    parts.push(header, ...new Array<number>(payload).fill(0x9a));
  }
  return Uint8Array.from(parts);
}

// NAL header byte: forbidden bit, nal_ref_idc (2 bits), type (5 bits).
const nal = (refIdc: number, type: number) => (refIdc << 5) | type;

describe('avcLengthSize', () => {
  it('reads lengthSizeMinusOne from an avcC record', () => {
    expect(avcLengthSize(Uint8Array.of(1, 0x64, 0, 0x28, 0xff, 0xe1, 0))).toBe(4);
    expect(avcLengthSize(Uint8Array.of(1, 0x42, 0, 0x1e, 0xfd, 0xe1, 0))).toBe(2);
  });

  it('refuses what is not an avcC record (Annex B start codes, a 3-byte size, too short)', () => {
    expect(avcLengthSize(Uint8Array.of(0, 0, 0, 1, 0x67, 0x64, 0))).toBeNull();
    expect(avcLengthSize(Uint8Array.of(1, 0x64, 0, 0x28, 0xfe, 0xe1, 0))).toBeNull();
    expect(avcLengthSize(Uint8Array.of(1, 0x64))).toBeNull();
  });
});

describe('isDisposableAvc', () => {
  it('a non-reference B slice (after an SEI) is disposable', () => {
    expect(isDisposableAvc(packet([[nal(0, 6), 5], [nal(0, 1), 40]]), 4)).toBe(true);
    expect(isDisposableAvc(packet([[nal(0, 1), 300]], 2), 2)).toBe(true);
  });

  it('a reference slice, in any slice of the picture, is not', () => {
    expect(isDisposableAvc(packet([[nal(2, 1), 40]]), 4)).toBe(false);
    expect(isDisposableAvc(packet([[nal(0, 1), 40], [nal(1, 1), 40]]), 4)).toBe(false);
    expect(isDisposableAvc(packet([[nal(3, 5), 40]]), 4)).toBe(false);
  });

  it('a packet carrying parameter sets or SVC/MVC units is kept, whatever its slices say', () => {
    expect(isDisposableAvc(packet([[nal(3, 7), 10], [nal(3, 8), 4], [nal(0, 1), 40]]), 4)).toBe(false);
    expect(isDisposableAvc(packet([[nal(0, 14), 3], [nal(0, 1), 40]]), 4)).toBe(false);
    expect(isDisposableAvc(packet([[nal(0, 20), 30]]), 4)).toBe(false);
  });

  it('no slice, or a length that runs past the packet, is not disposable', () => {
    expect(isDisposableAvc(packet([[nal(0, 6), 5]]), 4)).toBe(false);
    expect(isDisposableAvc(new Uint8Array(0), 4)).toBe(false);
    const cut = packet([[nal(0, 1), 40]]).subarray(0, 20);
    expect(isDisposableAvc(cut, 4)).toBe(false);
    expect(isDisposableAvc(Uint8Array.of(0, 0, 0, 0, nal(0, 1)), 4)).toBe(false);
  });
});

describe('disposableTest', () => {
  const avcC = Uint8Array.of(1, 0x64, 0, 0x28, 0xff, 0xe1, 0);
  it('reads AVCC packets of an avc1/avc3 config with an avcC description', () => {
    const test = disposableTest({ codec: 'avc1.640028', description: avcC.buffer })!;
    expect(test(packet([[nal(0, 1), 40]]))).toBe(true);
    expect(test(packet([[nal(2, 1), 40]]))).toBe(false);
    expect(disposableTest({ codec: 'avc3.640028', description: new DataView(avcC.buffer) })).not.toBeNull();
  });

  it('has nothing to say for Annex B (no description) or other codecs', () => {
    expect(disposableTest({ codec: 'avc1.640028' })).toBeNull();
    expect(disposableTest({ codec: 'hev1.1.6.L93.B0', description: avcC })).toBeNull();
    expect(disposableTest({ codec: 'vp09.00.10.08' })).toBeNull();
  });
});

describe('reorders', () => {
  it('is true only when a later packet is shown earlier (B-frames)', () => {
    expect(reorders([0, 0.1, 0.2, 0.3])).toBe(false);
    expect(reorders([0, 0.3, 0.1, 0.2, 0.6, 0.4])).toBe(true);
    expect(reorders([])).toBe(false);
  });
});
