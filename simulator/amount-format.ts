// The live API sometimes sends `amount.value` as a decimal string ("12.50",
// "0.1739150000000000000000000000"). Ours always parse back to the identical double: the
// digits are those of the shortest round-trip form, only padded with zeros, never rounded.

/** Plain decimal digits of `x` (no exponent), exactly the value of `String(x)`. */
export function plainDecimal(x: number): string {
  const text = String(x);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** `short` pads to at least 2 decimals ("12.50"), `long` to 28 ("0.1739150000000000000000000000"). */
export function decimalString(x: number, style: 'short' | 'long'): string {
  const plain = plainDecimal(x);
  const [whole, fraction = ''] = plain.split('.');
  const width = style === 'long' ? 28 : 2;
  return `${whole}.${fraction.padEnd(width, '0')}`;
}
