import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EntityRecognizer } from '../../../electron/core/privacy/entities/entity-recognizer.js';
import { shippedEntityClassifierFolder } from '../../../electron/core/privacy/entities/shipped-entity-classifier.js';
import { BatonError } from '../../../electron/shared/errors.js';

/**
 * The classifier's worker fails closed: every way it can break rejects the request with a
 * clear message (the analyzer turns that into a blocked cloud call), and the next request
 * gets a fresh worker.
 */
const root = mkdtempSync(join(tmpdir(), 'baton-entity-worker-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const recognizers: EntityRecognizer[] = [];
afterEach(async () => {
  await Promise.all(recognizers.splice(0).map((recognizer) => recognizer.dispose()));
});

function recognizer(options: ConstructorParameters<typeof EntityRecognizer>[0]): EntityRecognizer {
  const created = new EntityRecognizer(options);
  recognizers.push(created);
  return created;
}

function copyOfShipped(name: string): string {
  const folder = join(root, name);
  cpSync(shippedEntityClassifierFolder(), folder, { recursive: true });
  return folder;
}

async function failure(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BatonError);
  return error as BatonError;
}

const text = 'Please forward the contract to Amara Okafor in Lagos.';

describe('entity classifier worker: failing closed', () => {
  it('names a missing folder', async () => {
    const missing = join(root, 'not-there');
    const error = await failure(recognizer({ folder: missing }).analyze(text));
    expect(error.message).toBe(`The entity classifier in "${missing}" is incomplete: ${join(missing, 'model.onnx')} is missing.`);
  });

  it('names a folder whose model is corrupt', async () => {
    const folder = copyOfShipped('corrupt');
    writeFileSync(join(folder, 'model.onnx'), 'not an onnx model');
    const error = await failure(recognizer({ folder }).analyze(text));
    expect(error.message).toMatch(new RegExp(`^The entity classifier in "${folder}" could not be loaded: `));
  });

  it('refuses a model trained for other features', async () => {
    const folder = copyOfShipped('other-layout');
    const layout = JSON.parse(readFileSync(join(folder, 'layout.json'), 'utf8')) as { wordBuckets: number };
    writeFileSync(join(folder, 'layout.json'), JSON.stringify({ ...layout, wordBuckets: layout.wordBuckets * 2 }));
    const error = await failure(recognizer({ folder }).analyze(text));
    expect(error.message).toBe(
      `The entity classifier in "${folder}" was trained for other features ("wordBuckets" differs from this version of Baton): retrain it (training/README.md).`,
    );
  });

  it('fails a request that takes too long, then answers the next one with a fresh worker', async () => {
    let limitMs = 1;
    const slow = recognizer({ folder: shippedEntityClassifierFolder(), timeoutMs: () => limitMs });
    const error = await failure(slow.analyze(text));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('The entity classifier did not answer within 1 ms.');
    limitMs = 30_000;
    const spans = await slow.analyze(text);
    expect(spans.map((span) => text.slice(span.start, span.end))).toContain('Amara Okafor');
  });

  it('fails every request of a worker that runs out of memory', async () => {
    const starved = recognizer({ folder: shippedEntityClassifierFolder(), maxHeapMb: 1 });
    const results = await Promise.allSettled([starved.analyze(text), starved.analyze('Ann Lee')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(BatonError);
      expect(((result as PromiseRejectedResult).reason as BatonError).message).toMatch(/^The entity classifier stopped/);
    }
  });
});
