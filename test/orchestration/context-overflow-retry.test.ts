import { afterEach, expect, test } from 'vitest';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { BatonError } from '../../electron/shared/errors.js';
import type { RunEvent } from '../../electron/shared/events.js';
import { ScriptedModel } from '../support/scripted-model.js';

let database: BatonDatabase;
afterEach(() => database?.close());

test("a local model that counts more tokens than the estimate gets the prompt fitted into half the window, and answers", async () => {
  database = openDatabase(':memory:');
  const overflow = new BatonError('context-overflow', 'The prompt has 5000 tokens but local:small holds 4096 per request.');
  const model = new ScriptedModel('local:small', [{ chunks: [], error: overflow }, { chunks: [], error: overflow }, { chunks: ['Short answer.'] }]);
  const conductor = new Conductor({ database, models: new StaticModelPool([{ model }]) });
  const events: RunEvent[] = [];
  const document = 'The ward diary. '.repeat(600);

  const result = await conductor.run({
    text: 'What does the diary say?',
    attachments: [{ name: 'diary.txt', text: document }],
    plan: { source: 'documents', subtasks: [{ id: 's1', instruction: 'What does the diary say?', kind: 'summarize', dependsOn: [], difficulty: 2 }] },
    onEvent: (event) => events.push(event),
  });

  expect(result.answer).toBe('Short answer.');
  expect(result.plan.source).toBe('documents');
  expect(model.requests).toHaveLength(3);
  const sizes = model.requests.map((request) => request.messages.at(-1)!.content.length);
  // 4,096, then 2,048, then 1,024 tokens of window: each prompt about half the one before.
  expect(sizes[0]).toBeGreaterThan(sizes[1]! * 1.8);
  expect(sizes[1]).toBeGreaterThan(sizes[2]! * 1.8);
  const notices = events.flatMap((event) => (event.type === 'run-notice' ? [event.message] : []));
  expect(notices.filter((notice) => notice.includes('shortened further'))).toEqual([
    "s1 on local:small: the prompt was longer in the model's own tokens than estimated (The prompt has 5000 tokens but local:small holds 4096 per request.); shortened further to fit.",
  ]);
});
