// Bech32 (BIP-173) and bech32m (BIP-350) checksums, as SegWit and Taproot addresses use them.
const charset = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const bech32Constant = 1;
const bech32mConstant = 0x2bc830a3;

function polymod(values: number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit += 1) {
      if ((top >>> bit) & 1) checksum ^= generator[bit] ?? 0;
    }
  }
  return checksum >>> 0;
}

function expandPrefix(prefix: string): number[] {
  const values: number[] = [];
  for (const character of prefix) values.push(character.charCodeAt(0) >> 5);
  values.push(0);
  for (const character of prefix) values.push(character.charCodeAt(0) & 31);
  return values;
}

/** True when the string is a bech32 or bech32m string with a valid checksum (one case throughout). */
export function passesBech32(text: string): boolean {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return false;
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || separator + 7 > lower.length || lower.length > 90) return false;
  const data: number[] = [];
  for (const character of lower.slice(separator + 1)) {
    const value = charset.indexOf(character);
    if (value < 0) return false;
    data.push(value);
  }
  const result = polymod([...expandPrefix(lower.slice(0, separator)), ...data]);
  return result === bech32Constant || result === bech32mConstant;
}
