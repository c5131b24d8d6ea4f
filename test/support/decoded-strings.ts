/**
 * Every key, string and number in a JSON value, decoded: what a fake cloud received, read the way
 * a model reads it. A leak check on the JSON text itself would miss a value JSON escapes (a quote,
 * a backslash, a line break).
 */
export function decodedStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(decodedStrings);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...decodedStrings(inner)]);
  return [];
}
