import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BatonError } from '../../shared/errors.js';
import type { ModelDescriptor, Pricing } from '../../shared/language-model.js';

const pricingEntrySchema = z.object({
  displayName: z.string().optional(),
  inputPerMTok: z.number().nonnegative(),
  outputPerMTok: z.number().nonnegative(),
  contextWindow: z.number().int().positive(),
  tier: z.enum(['local', 'cheap', 'strong']).optional(),
  /** The model reads pictures; absent: it does not. */
  images: z.boolean().optional(),
});

export type PricingEntry = z.infer<typeof pricingEntrySchema>;

/** provider → model name (or '*') → entry. */
export type PricingTable = Record<string, Record<string, PricingEntry>>;

const pricingTableSchema = z.record(z.string(), z.unknown()).transform((raw, context) => {
  const table: PricingTable = {};
  for (const [provider, models] of Object.entries(raw)) {
    if (provider.startsWith('$')) continue;
    const parsed = z.record(z.string(), pricingEntrySchema).safeParse(models);
    if (!parsed.success) {
      context.addIssue({ code: 'custom', message: `provider "${provider}": ${parsed.error.message}` });
      return z.NEVER;
    }
    table[provider] = parsed.data;
  }
  return table;
});

/** The pricing table shipped in models/pricing.json, resolved from this file so it works from dist/ too. */
export function defaultPricingTablePath(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(folder, 'models', 'pricing.json');
    if (existsSync(candidate)) return candidate;
    folder = dirname(folder);
  }
  throw new BatonError('configuration', 'models/pricing.json was not found next to the Baton installation.');
}

export function readPricingTable(path: string): PricingTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BatonError('configuration', `Cannot read the pricing table ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = pricingTableSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BatonError('configuration', `The pricing table ${path} is not valid: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** The shipped table with the user's overrides (pricing.json in the data folder, if any) laid over it. */
export function loadPricingTable(userOverridePath?: string): PricingTable {
  const table = readPricingTable(defaultPricingTablePath());
  if (userOverridePath && existsSync(userOverridePath)) {
    for (const [provider, models] of Object.entries(readPricingTable(userOverridePath))) {
      table[provider] = { ...table[provider], ...models };
    }
  }
  return table;
}

/** The entry for a model, or the provider's '*' fallback; undefined when neither exists. */
export function lookupPricing(table: PricingTable, provider: string, modelName: string): PricingEntry | undefined {
  const models = table[provider];
  return models?.[modelName] ?? models?.['*'];
}

export function pricingOf(entry: PricingEntry | undefined): Pricing {
  return { inputPerMTok: entry?.inputPerMTok ?? 0, outputPerMTok: entry?.outputPerMTok ?? 0 };
}

/** Cost in US dollars of a call with these token counts. */
export function costUsd(pricing: Pricing, usage: { inputTokens: number; outputTokens: number }): number {
  return (usage.inputTokens * pricing.inputPerMTok + usage.outputTokens * pricing.outputPerMTok) / 1_000_000;
}

/**
 * A cloud model as the pricing table describes it: `provider:name`, its price and context window.
 * The '*' fallback's display name is generic, so an unlisted model shows its own name.
 */
export function describeCloudModel(
  table: PricingTable,
  provider: string,
  name: string,
  options: { contextWindowFallback: number },
): ModelDescriptor {
  const entry = lookupPricing(table, provider, name);
  return {
    id: `${provider}:${name}`,
    provider,
    name,
    displayName: table[provider]?.[name]?.displayName ?? name,
    locality: 'cloud',
    contextWindow: entry?.contextWindow ?? options.contextWindowFallback,
    pricing: pricingOf(entry),
    ...(entry?.images ? { acceptsImages: true } : {}),
  };
}

