/**
 * The sum of digit times weight, the core of most national check digits (NHS mod 11, PESEL,
 * ABA, ABN, TFN, ...). Each identifier keeps its own weights and the rule that turns the sum
 * into a check digit; this only adds.
 */
export function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < weights.length; index += 1) sum += (digits.charCodeAt(index) - 48) * (weights[index] ?? 0);
  return sum;
}

/** Only the digits of a value written with spaces, dashes or dots. */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}
