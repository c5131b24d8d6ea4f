import type { FieldSchema } from './field-schema';

/**
 * Why a number typed into a settings field cannot be saved, in words; null when it can (an
 * empty field means "the default"). `badInput`: the browser could not read the text as a
 * number at all ("abc"), which a number input otherwise reports as an empty value.
 */
export function numberProblem(text: string, badInput: boolean, schema: Pick<FieldSchema, 'minimum' | 'maximum'>, integer: boolean): string | null {
  if (badInput) return 'Enter a number.';
  if (text.trim() === '') return null;
  const number = Number(text);
  if (!Number.isFinite(number)) return 'Enter a number.';
  if (integer && !Number.isInteger(number)) return 'Enter a whole number.';
  const { minimum, maximum } = schema;
  if (minimum !== undefined && maximum !== undefined && (number < minimum || number > maximum)) return `Enter a number from ${minimum} to ${maximum}.`;
  if (minimum !== undefined && number < minimum) return `Enter ${minimum} or more.`;
  if (maximum !== undefined && number > maximum) return `Enter ${maximum} or less.`;
  return null;
}
