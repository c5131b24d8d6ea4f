/**
 * ISO 7064 MOD 97-10 over a string of digits and letters (letters count as 10..35), as IBANs use
 * it. Works on chunks so that numbers far beyond 2^53 never appear.
 */
export function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const character of alphanumeric.toUpperCase()) {
    const code = character.charCodeAt(0);
    let value: number;
    if (code >= 48 && code <= 57) value = code - 48;
    else if (code >= 65 && code <= 90) value = code - 55;
    else return -1;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}
