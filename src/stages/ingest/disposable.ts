// H.264 pictures no other picture refers to (every slice has nal_ref_idc 0: the non-reference B-frames of a
// B-frame stream, about half its pictures with x264's defaults). The dense pass leaves the ones it does not keep
// out of the decoder, as ffmpeg's `-skip_frame nonref` does: they cost decoding time and change nothing else.
// Dropping one leaves no gap in frame_num (a non-reference picture does not advance it). Pure.

/** NAL types that make a packet one to keep whatever its slices say: parameter sets, SVC/MVC extensions. */
const NEVER_SKIP = new Set([7, 8, 13, 14, 15, 20]);

/** The size of the NAL length prefix from an avcC record (AVCDecoderConfigurationRecord); null if it is not one. */
export function avcLengthSize(avcc: Uint8Array): number | null {
  if (avcc.length < 7 || avcc[0] !== 1) return null;
  const size = (avcc[4]! & 3) + 1;
  return size === 3 ? null : size;
}

/**
 * Whether a length-prefixed (AVCC) H.264 packet is a picture nothing refers to: it has slices, all with
 * nal_ref_idc 0, and no parameter sets. False for anything that does not parse cleanly.
 */
export function isDisposableAvc(data: Uint8Array, lengthSize: number): boolean {
  let pos = 0;
  let slices = 0;
  while (pos < data.length) {
    if (pos + lengthSize > data.length) return false;
    let len = 0;
    for (let i = 0; i < lengthSize; i++) len = len * 256 + data[pos + i]!;
    pos += lengthSize;
    if (len === 0 || pos + len > data.length) return false;
    const header = data[pos]!;
    const type = header & 0x1f;
    if (type >= 1 && type <= 5) {
      if (header & 0x60) return false; // nal_ref_idc ≠ 0: a reference picture
      slices++;
    } else if (NEVER_SKIP.has(type)) return false;
    pos += len;
  }
  return slices > 0;
}

/** The packet test for an H.264 decoder config in AVCC form (an avcC description); null for Annex B and other codecs. */
export function disposableTest(config: { codec: string; description?: AllowSharedBufferSource }): ((data: Uint8Array) => boolean) | null {
  const d = config.description;
  if (!/^avc[13]\./.test(config.codec) || !d) return null;
  const lengthSize = avcLengthSize(ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
  return lengthSize === null ? null : (data) => isDisposableAvc(data, lengthSize);
}

/** Whether presentation order differs from decode order anywhere (B-frames): only such streams have pictures to skip. */
export function reorders(decodeOrderTimestamps: readonly number[]): boolean {
  for (let i = 1; i < decodeOrderTimestamps.length; i++) if (decodeOrderTimestamps[i]! < decodeOrderTimestamps[i - 1]!) return true;
  return false;
}
