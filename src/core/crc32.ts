// CRC-32 (IEEE 802.3, as zip, gzip and PNG use), updated chunk by chunk: bundle
// parts and poster chunks are checked while they stream, never held whole. WebCrypto's
// digests take the whole input at once, so they cannot serve a multi-GB frame pack.
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The running CRC after `bytes`; start from 0, the result is the CRC of everything passed so far. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
