// zlib's crc32_combine, which Node does not expose: the CRC-32 of A+B from crc(A), crc(B) and
// |B|, without reading either. It lets the gzip trailer cover parts that were checksummed once,
// when they were rendered. As in zlib 1.2.12+, appending |B| zero bytes to A is a multiplication
// by x^(8|B|) modulo the CRC polynomial; that factor depends on |B| only, so a segment compressed
// once keeps it (`crc32Shift`) and every later combination costs one 32-step multiplication,
// which matters when a body is joined from a thousand segments after every poll.

const POLYNOMIAL = 0xedb88320;
const X0 = 0x80000000; // the polynomial 1, in zlib's reflected bit order

/** a(x)·b(x) modulo the CRC polynomial. */
function multiply(a: number, b: number): number {
  let product = 0;
  let factor = b >>> 0;
  for (let mask = X0; mask !== 0; mask >>>= 1) {
    if ((a & mask) !== 0) {
      product ^= factor;
      if ((a & (mask - 1)) === 0) break;
    }
    factor = factor & 1 ? (factor >>> 1) ^ POLYNOMIAL : factor >>> 1;
  }
  return product >>> 0;
}

/** x^(2^n) modulo the polynomial, for n = 0..31. */
const POWERS: readonly number[] = (() => {
  const powers: number[] = [];
  let power = X0 >>> 1; // x^1
  for (let n = 0; n < 32; n++) {
    powers.push(power);
    power = multiply(power, power);
  }
  return powers;
})();

/** The factor that appends `length` zero bytes to a CRC: x^(8·length) modulo the polynomial. */
export function crc32Shift(length: number): number {
  let shift = X0;
  let remaining = length;
  for (let k = 3; remaining > 0; k++, remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) shift = multiply(POWERS[k % 32] as number, shift);
  }
  return shift;
}

/** The CRC of A+B, with B's shift from crc32Shift(|B|). */
export function crc32CombineShifted(crcA: number, crcB: number, shiftB: number): number {
  return (multiply(shiftB, crcA >>> 0) ^ crcB) >>> 0;
}

export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return crc32CombineShifted(crcA, crcB, crc32Shift(lengthB));
}
