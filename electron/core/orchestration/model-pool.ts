import { BatonError } from '../../shared/errors.js';
import type { LanguageModel, ModelDescriptor, ModelListing } from '../../shared/language-model.js';
import type { ModelTier } from '../../shared/plan.js';
import { lookupPricing, type PricingTable } from '../providers/pricing-table.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';

/** local < cheap < strong: the ladder escalation climbs. */
export const tierRank: Record<ModelTier, number> = { local: 0, cheap: 1, strong: 2 };

/**
 * A model the conductor may route to, described without loading it (a local model's weights
 * are only read when it is chosen).
 */
export interface PoolCandidate {
  descriptor: ModelDescriptor;
  tier: ModelTier;
  /**
   * Strength within the tier, larger is stronger: the file size of a local model, the output
   * price of a cloud one. Escalation within a tier goes to a larger local model.
   */
  strength: number;
  available: boolean;
  /** Why the model cannot run now (missing API key, unreadable file, ...). */
  unavailableReason?: string;
}

/** The candidate models of a run, and a way to get a callable model for one of them. */
export interface ModelPool {
  candidates(): Promise<PoolCandidate[]>;
  /** Resolves the model to call; for a local model this loads the weights (shared, once). */
  load(modelId: string, signal?: AbortSignal): Promise<LanguageModel>;
}

/** The on-device candidates, strongest first: planner, summarizer and privacy fallback use these. */
export function localCandidates(candidates: PoolCandidate[]): PoolCandidate[] {
  return candidates
    .filter((candidate) => candidate.available && candidate.descriptor.locality === 'on-device')
    .sort((left, right) => right.strength - left.strength);
}

/** Orders candidates weakest to strongest: tier first, then strength within the tier. */
export function compareStrength(left: PoolCandidate, right: PoolCandidate): number {
  return tierRank[left.tier] - tierRank[right.tier] || left.strength - right.strength;
}

/** The tier of a model: the pricing table's `tier`, else local for on-device models and strong for others. */
export function tierOf(descriptor: Pick<ModelDescriptor, 'provider' | 'name' | 'locality'>, pricing?: PricingTable): ModelTier {
  if (descriptor.locality === 'on-device') return 'local';
  const entry = pricing ? lookupPricing(pricing, descriptor.provider, descriptor.name) : undefined;
  return entry?.tier ?? 'strong';
}

export interface StaticPoolEntry {
  model: LanguageModel;
  /** Defaults to the locality's tier (on-device: local; others: strong). */
  tier?: ModelTier;
  strength?: number;
  available?: boolean;
  unavailableReason?: string;
}

/** A fixed list of already-made models: tests, benchmarks, and a person's own composition. */
export class StaticModelPool implements ModelPool {
  private readonly entries: Map<string, StaticPoolEntry>;

  constructor(entries: StaticPoolEntry[]) {
    this.entries = new Map(entries.map((entry) => [entry.model.id, entry]));
  }

  async candidates(): Promise<PoolCandidate[]> {
    return [...this.entries.values()].map((entry) => ({
      descriptor: describe(entry.model),
      tier: entry.tier ?? tierOf(entry.model),
      strength: entry.strength ?? defaultStrength(entry.model),
      available: entry.available ?? true,
      ...(entry.unavailableReason === undefined ? {} : { unavailableReason: entry.unavailableReason }),
    }));
  }

  async load(modelId: string): Promise<LanguageModel> {
    const entry = this.entries.get(modelId);
    if (!entry) throw new BatonError('model-not-found', `The model ${modelId} is not in the pool.`);
    return entry.model;
  }
}

export interface RegistryModelPoolOptions {
  registry: ProviderRegistry;
  pricing: PricingTable;
  /** Sizes in bytes of the local model files, by local model name: bigger files escalate above smaller ones. */
  localModelBytes?: () => Promise<Map<string, number>>;
  /** How long a listing is reused (listing an OpenAI-compatible server asks it over the network). */
  listingTtlMs?: number;
}

/**
 * The pool of everything the providers offer: listed models with availability (a missing key
 * makes a cloud model unavailable, with the reason), tiers from the pricing table.
 */
export class RegistryModelPool implements ModelPool {
  private listing: { at: number; candidates: Promise<PoolCandidate[]> } | undefined;
  private readonly loaded = new Map<string, Promise<LanguageModel>>();

  constructor(private readonly options: RegistryModelPoolOptions) {}

  candidates(): Promise<PoolCandidate[]> {
    const now = Date.now();
    if (!this.listing || now - this.listing.at > (this.options.listingTtlMs ?? 10_000)) {
      const candidates = this.list();
      this.listing = { at: now, candidates };
      candidates.catch(() => {
        this.listing = undefined;
      });
    }
    return this.listing.candidates;
  }

  load(modelId: string): Promise<LanguageModel> {
    let model = this.loaded.get(modelId);
    if (!model) {
      model = this.options.registry.resolve(modelId);
      this.loaded.set(modelId, model);
      // A failed load must not stick: the next request tries again.
      model.catch(() => this.loaded.delete(modelId));
    }
    return model;
  }

  private async list(): Promise<PoolCandidate[]> {
    const [listings, sizes] = await Promise.all([
      this.options.registry.listModels(),
      this.options.localModelBytes?.() ?? Promise.resolve(new Map<string, number>()),
    ]);
    return listings.map((listing: ModelListing) => ({
      descriptor: describe(listing),
      tier: tierOf(listing, this.options.pricing),
      strength: listing.locality === 'on-device' ? (sizes.get(listing.name) ?? 0) : defaultStrength(listing),
      available: listing.available,
      ...(listing.unavailableReason === undefined ? {} : { unavailableReason: listing.unavailableReason }),
    }));
  }
}

function describe(model: ModelDescriptor): ModelDescriptor {
  const { id, provider, name, displayName, locality, contextWindow, pricing, acceptsImages } = model;
  return { id, provider, name, displayName, locality, contextWindow, pricing, ...(acceptsImages ? { acceptsImages } : {}) };
}

/** Without better knowledge a pricier cloud model is the stronger one; local models tie at 0. */
function defaultStrength(model: ModelDescriptor): number {
  return model.locality === 'on-device' ? 0 : model.pricing.outputPerMTok;
}
