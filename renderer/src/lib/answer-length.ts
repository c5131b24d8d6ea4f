/**
 * The answer lengths a conversation offers: the app-wide setting (its default), a few sizes, and
 * the conversation's own when it is none of them. Each model's context still caps an answer, and
 * the run view says so when it does.
 */
export interface AnswerLengthChoice {
  /** The select's value: '' for the default, else the token count. */
  value: string;
  label: string;
}

const presets: ReadonlyArray<{ tokens: number; name: string }> = [
  { tokens: 256, name: 'Short' },
  { tokens: 1024, name: 'Medium' },
  { tokens: 4096, name: 'Long' },
  { tokens: 16384, name: 'Very long' },
];

export function answerLengthChoices(defaultTokens: number | undefined, chosen: number | null): AnswerLengthChoice[] {
  const tokens = (count: number) => `${count.toLocaleString('en-US')} tokens`;
  const choices: AnswerLengthChoice[] = [{ value: '', label: defaultTokens === undefined ? 'Default length' : `Default length (${tokens(defaultTokens)})` }];
  for (const preset of presets) choices.push({ value: String(preset.tokens), label: `${preset.name} (${tokens(preset.tokens)})` });
  if (chosen !== null && !presets.some((preset) => preset.tokens === chosen)) choices.push({ value: String(chosen), label: tokens(chosen) });
  return choices;
}

/** The select's value back to the conversation's limit (null: the default). */
export function answerLengthOf(value: string): number | null {
  const tokens = Number(value);
  return value === '' || !Number.isInteger(tokens) || tokens <= 0 ? null : tokens;
}
