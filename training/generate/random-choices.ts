/**
 * Every random choice the generator makes, drawn from faker's own seeded randomizer, so one
 * seed always gives the same output.
 */
import type { Faker } from '@faker-js/faker';

export class RandomChoices {
  constructor(private readonly faker: Faker) {}

  /** A number in [0, 1). */
  fraction(): number {
    return this.faker.number.float({ min: 0, max: 1 });
  }

  chance(probability: number): boolean {
    return this.fraction() < probability;
  }

  /** An integer from minimum to maximum, both included. */
  integer(minimum: number, maximum: number): number {
    return this.faker.number.int({ min: minimum, max: maximum });
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[this.integer(0, items.length - 1)] as T;
  }

  /** Picks a key of a table of weights (`{ "a": 3, "b": 1 }`), in proportion to its weight. */
  weightedKey<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    return this.weighted(entries.map(([key, weight]) => ({ value: key, weight })));
  }

  weighted<T>(entries: readonly { value: T; weight: number }[]): T {
    const total = entries.reduce((sum, entry) => sum + entry.weight, 0);
    let target = this.fraction() * total;
    for (const entry of entries) {
      target -= entry.weight;
      if (target < 0) return entry.value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('cannot pick from an empty list of weights');
    return last.value;
  }

  /** A string of digits of the given length (leading zeros allowed). */
  digits(length: number): string {
    let text = '';
    for (let index = 0; index < length; index += 1) text += String(this.integer(0, 9));
    return text;
  }
}
