// CRC-32 (IEEE 802.3, the zlib/PNG polynomial), table-driven. Kept here rather than taken from
// node:zlib so that the token codec stays pure and runs unchanged in any JavaScript runtime.
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of the UTF-16 code units of an ASCII string (tokens are ASCII by construction). */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    // The index is masked to 0..255 and the table has 256 entries.
    crc = TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
