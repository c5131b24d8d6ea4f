import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../electron/shared/errors.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { escapeLike } from '../../electron/core/storage/conversation-repository.js';
import { reading, steppingClock } from './stepping-clock.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let database: BatonDatabase;

beforeEach(() => {
  database = openDatabase(':memory:', { clock: steppingClock() });
});

afterEach(() => {
  database.close();
});

function writerPid(table: 'messages' | 'runs', id: string): number | null {
  return database.connection.prepare<[string], number | null>(`SELECT writer_pid FROM ${table} WHERE id = ?`).pluck().get(id)!;
}

/** A conversation with a user question, an assistant answer and a run over them. */
function conversationWithRun() {
  const conversation = database.conversations.create({ title: 'Plans' });
  const user = database.messages.append({ conversationId: conversation.id, role: 'user', content: 'Plan a trip' });
  const assistant = database.messages.append({
    conversationId: conversation.id,
    role: 'assistant',
    content: '',
    status: 'streaming',
  });
  const run = database.runs.start({ conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id });
  return { conversation, user, assistant, run };
}

describe('conversations', () => {
  it('round-trips exactly', () => {
    const created = database.conversations.create({ title: 'Tax questions' });
    expect(created).toEqual({ id: expect.stringMatching(uuid), title: 'Tax questions', createdAt: reading(0), updatedAt: reading(0), pinned: false, modelId: null, maxAnswerTokens: null });
    expect(database.conversations.get(created.id)).toEqual(created);
    expect(database.conversations.get('missing')).toBeUndefined();
  });

  it('lists the most recently active first, with a limit', () => {
    const first = database.conversations.create({ title: 'first' });
    const second = database.conversations.create({ title: 'second' });
    const third = database.conversations.create({ title: 'third' });
    expect(database.conversations.list().map((conversation) => conversation.title)).toEqual(['third', 'second', 'first']);

    database.conversations.touch(first.id);
    database.messages.append({ conversationId: second.id, role: 'user', content: 'hello' });
    expect(database.conversations.list().map((conversation) => conversation.title)).toEqual(['second', 'first', 'third']);
    expect(database.conversations.list({ limit: 2 }).map((conversation) => conversation.id)).toEqual([second.id, first.id]);
    expect(database.conversations.get(third.id)!.updatedAt).toBe(reading(2));
  });

  it('breaks ties between rows written in the same millisecond by insertion order', () => {
    const stopped = openDatabase(':memory:', { clock: steppingClock(0) });
    stopped.conversations.create({ title: 'a' });
    stopped.conversations.create({ title: 'b' });
    expect(stopped.conversations.list().map((conversation) => conversation.title)).toEqual(['b', 'a']);
    stopped.close();
  });

  it('renames', () => {
    const conversation = database.conversations.create({ title: 'Untitled' });
    expect(database.conversations.rename(conversation.id, 'Renamed')).toEqual({
      ...conversation,
      title: 'Renamed',
      updatedAt: reading(1),
    });
    expect(() => database.conversations.rename('missing', 'x')).toThrow(BatonError);
    expect(() => database.conversations.touch('missing')).toThrow('There is no conversation missing.');
  });

  it('keeps the model chosen for a conversation', () => {
    const conversation = database.conversations.create({ title: 'c' });
    database.conversations.setModel(conversation.id, 'local:stories260K');
    expect(database.conversations.get(conversation.id)?.modelId).toBe('local:stories260K');
    database.conversations.setModel(conversation.id, null);
    expect(database.conversations.get(conversation.id)?.modelId).toBeNull();
    expect(() => database.conversations.setModel('missing', null)).toThrow('There is no conversation missing.');
  });

  it('lists pinned conversations first, whatever their activity, and unpins', () => {
    const pinned = database.conversations.create({ title: 'pinned' });
    database.conversations.create({ title: 'newer' });
    expect(database.conversations.pin(pinned.id, true)).toEqual({ ...pinned, pinned: true });
    expect(database.conversations.list().map((conversation) => conversation.title)).toEqual(['pinned', 'newer']);
    expect(database.conversations.list({ search: 'e' }).map((conversation) => conversation.title)).toEqual(['pinned', 'newer']);
    database.conversations.pin(pinned.id, false);
    expect(database.conversations.list().map((conversation) => conversation.title)).toEqual(['newer', 'pinned']);
    expect(() => database.conversations.pin('missing', true)).toThrow('There is no conversation missing.');
  });

  it('searches titles and message content, case-insensitively and literally', () => {
    const budget = database.conversations.create({ title: 'Budget 100% sure' });
    const plain = database.conversations.create({ title: 'Budget 1000 sure' });
    const underscore = database.conversations.create({ title: 'snake_case names' });
    const recipes = database.conversations.create({ title: 'Recipes' });
    database.messages.append({ conversationId: recipes.id, role: 'assistant', content: 'Add the SAFFRON last.' });
    database.messages.append({ conversationId: plain.id, role: 'user', content: 'back\\slash' });

    const titles = (search: string) => database.conversations.list({ search }).map((conversation) => conversation.title);
    expect(titles('budget')).toEqual(['Budget 1000 sure', 'Budget 100% sure']);
    expect(titles('0%')).toEqual([budget.title]);
    expect(titles('e_c')).toEqual([underscore.title]);
    expect(titles('saffron')).toEqual(['Recipes']);
    expect(titles('k\\s')).toEqual([plain.title]);
    expect(titles('nothing like this')).toEqual([]);
    expect(titles('')).toHaveLength(4);
    expect(database.conversations.list({ search: 'sure', limit: 1 })).toHaveLength(1);
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
  });

  it('deletes with its messages, runs, subtasks and their outcomes', () => {
    const { conversation, run } = conversationWithRun();
    const subtask = database.subtasks.create({ runId: run.id, key: 's1', instruction: 'x', kind: 'chat', difficulty: 1 });
    const outcome = database.outcomes.record({
      subtaskId: subtask.id, modelId: 'local:a', kind: 'chat', difficulty: 1, success: true,
      inputTokens: 1, outputTokens: 2, latencyMs: 3, costUsd: 0,
    });
    const unrelated = database.outcomes.record({
      modelId: 'local:b', kind: 'code', difficulty: 2, success: false,
      inputTokens: 4, outputTokens: 5, latencyMs: 6, costUsd: 0,
    });
    const other = database.conversations.create({ title: 'other' });
    database.messages.append({ conversationId: other.id, role: 'user', content: 'stays' });

    expect(database.outcomes.list()).toEqual([outcome, unrelated]);
    expect(database.conversations.delete(conversation.id)).toBe(true);
    expect(database.conversations.get(conversation.id)).toBeUndefined();
    expect(database.messages.listByConversation(conversation.id)).toEqual([]);
    expect(database.runs.get(run.id)).toBeUndefined();
    expect(database.subtasks.listByRun(run.id)).toEqual([]);
    expect(database.outcomes.list()).toEqual([unrelated]);
    expect(database.messages.listByConversation(other.id)).toHaveLength(1);
    expect(database.conversations.delete(conversation.id)).toBe(false);
  });
});

describe('messages', () => {
  it('round-trips exactly and touches the conversation', () => {
    const conversation = database.conversations.create({ title: 'c' });
    const message = database.messages.append({ conversationId: conversation.id, role: 'user', content: 'Hi ✓ \u0000 end' });
    expect(message).toEqual({
      id: expect.stringMatching(uuid),
      conversationId: conversation.id,
      role: 'user',
      content: 'Hi ✓ \u0000 end',
      status: 'complete',
      runId: null,
      modelId: null,
      citations: null,
      supersededBy: null,
      createdAt: reading(1),
      updatedAt: reading(1),
    });
    expect(database.messages.get(message.id)).toEqual(message);
    expect(database.conversations.get(conversation.id)!.updatedAt).toBe(reading(1));
    expect(writerPid('messages', message.id)).toBeNull();
  });

  it('keeps the document passages an answer cites', () => {
    const conversation = database.conversations.create({ title: 'c' });
    const answer = database.messages.append({ conversationId: conversation.id, role: 'assistant', content: 'Two nurses [clinic.pdf, page 2].' });
    const citations = {
      from: 'answer' as const,
      passages: [{ label: 'clinic.pdf, page 2', document: 'clinic.pdf', page: 2, text: 'The clinic opened in spring with two nurses.' }],
    };
    database.messages.setCitations(answer.id, citations);
    expect(database.messages.get(answer.id)).toEqual({ ...answer, citations, updatedAt: reading(2) });
    expect(database.messages.listByConversation(conversation.id)[0]?.citations).toEqual(citations);
    expect(() => database.messages.setCitations('missing', citations)).toThrow('There is no message missing.');
  });

  it('streams: content updates, then a final status that releases the writer', () => {
    const conversation = database.conversations.create({ title: 'c' });
    const answer = database.messages.append({
      conversationId: conversation.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
      runId: 'run-1',
      modelId: 'local:stories260K',
    });
    expect(writerPid('messages', answer.id)).toBe(process.pid);
    database.messages.updateContent(answer.id, 'Once');
    database.messages.updateContent(answer.id, 'Once upon');
    expect(database.messages.get(answer.id)).toEqual({ ...answer, content: 'Once upon', updatedAt: reading(3) });

    database.messages.setStatus(answer.id, 'complete', 'Once upon a time.');
    expect(database.messages.get(answer.id)).toEqual({
      ...answer,
      content: 'Once upon a time.',
      status: 'complete',
      updatedAt: reading(4),
    });
    expect(writerPid('messages', answer.id)).toBeNull();

    // Without content, the status changes and the text stays.
    database.messages.setStatus(answer.id, 'failed');
    expect(database.messages.get(answer.id)).toMatchObject({ content: 'Once upon a time.', status: 'failed' });
    database.messages.setStatus(answer.id, 'streaming', '');
    expect(writerPid('messages', answer.id)).toBe(process.pid);
  });

  it('lists a conversation in append order, even within one millisecond', () => {
    const stopped = openDatabase(':memory:', { clock: steppingClock(0) });
    const conversation = stopped.conversations.create({ title: 'c' });
    const contents = ['one', 'two', 'three', 'four', 'five'];
    for (const [index, content] of contents.entries()) {
      stopped.messages.append({ conversationId: conversation.id, role: index % 2 === 0 ? 'user' : 'assistant', content });
    }
    expect(stopped.messages.listByConversation(conversation.id).map((message) => message.content)).toEqual(contents);
    stopped.close();
  });

  it('refuses to append to a missing conversation, and to update a missing message', () => {
    expect(() => database.messages.append({ conversationId: 'missing', role: 'user', content: 'x' })).toThrow(
      'There is no conversation missing.',
    );
    expect(database.connection.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
    expect(() => database.messages.updateContent('missing', 'x')).toThrow('There is no message missing.');
    expect(() => database.messages.setStatus('missing', 'complete')).toThrow(BatonError);
  });
});

describe('runs', () => {
  it('start and finish round-trip exactly', () => {
    const { conversation, user, assistant, run } = conversationWithRun();
    expect(run).toEqual({
      id: expect.stringMatching(uuid),
      conversationId: conversation.id,
      userMessageId: user.id,
      assistantMessageId: assistant.id,
      status: 'running',
      startedAt: reading(3),
      finishedAt: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      error: null,
      finishReason: null,
      source: null,
    });
    expect(database.runs.get(run.id)).toEqual(run);
    expect(writerPid('runs', run.id)).toBe(process.pid);

    const finished = database.runs.finish(run.id, { status: 'finished', inputTokens: 120, outputTokens: 45, costUsd: 0.00123, finishReason: 'length' });
    expect(finished).toEqual({ ...run, status: 'finished', finishedAt: reading(4), inputTokens: 120, outputTokens: 45, costUsd: 0.00123, finishReason: 'length' });
    expect(database.runs.get(run.id)).toEqual(finished);
    expect(writerPid('runs', run.id)).toBeNull();
  });

  it('stores only the serializable fields of an error', () => {
    const { run } = conversationWithRun();
    const error = new BatonError('rate-limited', 'Slow down.', { retryable: true, cause: new Error('429') });
    const failed = database.runs.finish(run.id, { status: 'failed', inputTokens: 1, outputTokens: 0, costUsd: 0, error });
    expect(failed.error).toEqual({ name: 'BatonError', code: 'rate-limited', message: 'Slow down.', retryable: true });
    expect(database.runs.get(run.id)!.error).toEqual(failed.error);
  });

  it('takes a caller-chosen id and lists by conversation, oldest first', () => {
    const { conversation, user, assistant, run } = conversationWithRun();
    const second = database.runs.start({
      id: 'chosen-id',
      conversationId: conversation.id,
      userMessageId: user.id,
      assistantMessageId: assistant.id,
    });
    expect(second.id).toBe('chosen-id');
    expect(database.runs.listByConversation(conversation.id).map((listed) => listed.id)).toEqual([run.id, 'chosen-id']);
    expect(database.runs.listByConversation('missing')).toEqual([]);
    expect(() => database.runs.finish('missing', { status: 'cancelled', inputTokens: 0, outputTokens: 0, costUsd: 0 })).toThrow(
      'There is no run missing.',
    );
  });
});

describe('subtasks', () => {
  it('create, partial update and list round-trip exactly', () => {
    const { run } = conversationWithRun();
    const first = database.subtasks.create({
      runId: run.id, key: 's1', instruction: 'Find flights', kind: 'extract', difficulty: 2,
    });
    expect(first).toEqual({
      id: expect.stringMatching(uuid),
      runId: run.id,
      key: 's1',
      instruction: 'Find flights',
      kind: 'extract',
      difficulty: 2,
      dependsOn: [],
      modelId: null,
      reason: null,
      status: 'pending',
      result: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      startedAt: null,
      finishedAt: null,
    });
    const second = database.subtasks.create({
      runId: run.id, key: 's2', instruction: 'Write the plan', kind: 'writing', difficulty: 4, dependsOn: ['s1'],
      modelId: 'anthropic:claude-sonnet-4-5', reason: 'hard writing: strongest allowed model',
    });
    expect(second.dependsOn).toEqual(['s1']);

    const routed = database.subtasks.update(first.id, { modelId: 'local:qwen', reason: 'contains PII: on-device only' });
    expect(routed).toEqual({ ...first, modelId: 'local:qwen', reason: 'contains PII: on-device only' });

    const running = database.subtasks.update(first.id, { status: 'running' });
    expect(running).toEqual({ ...routed, status: 'running', startedAt: reading(6) });

    const finished = database.subtasks.update(first.id, {
      status: 'finished', result: 'Three flights', inputTokens: 10, outputTokens: 20, costUsd: 0,
    });
    expect(finished).toEqual({
      ...running, status: 'finished', result: 'Three flights', inputTokens: 10, outputTokens: 20, finishedAt: reading(7),
    });

    // null is a value: it clears the field.
    const cleared = database.subtasks.update(first.id, { reason: null });
    expect(cleared.reason).toBeNull();
    // Given times win over the automatic stamps.
    const stamped = database.subtasks.update(second.id, {
      status: 'failed', startedAt: '2030-01-01T00:00:00.000Z', finishedAt: '2030-01-01T00:00:01.000Z',
    });
    expect(stamped).toMatchObject({ startedAt: '2030-01-01T00:00:00.000Z', finishedAt: '2030-01-01T00:00:01.000Z' });

    expect(database.subtasks.listByRun(run.id)).toEqual([cleared, stamped]);
    expect(database.subtasks.get(first.id)).toEqual(cleared);
  });

  it('stamps startedAt when created running, and refuses a duplicate key within a run', () => {
    const { run } = conversationWithRun();
    const created = database.subtasks.create({
      runId: run.id, key: 's1', instruction: 'x', kind: 'chat', difficulty: 1, status: 'running',
    });
    expect(created).toMatchObject({ status: 'running', startedAt: reading(4), finishedAt: null });
    expect(() => database.subtasks.create({ runId: run.id, key: 's1', instruction: 'y', kind: 'chat', difficulty: 1 })).toThrow(
      /UNIQUE/,
    );
    expect(() => database.subtasks.update('missing', { status: 'running' })).toThrow('There is no subtask missing.');
  });
});

describe('outcomes', () => {
  function record(modelId: string, kind: string, success: boolean, costUsd: number, score: number | null) {
    return database.outcomes.record({
      modelId, kind, difficulty: 3, success, score, inputTokens: 100, outputTokens: 50, latencyMs: 250, costUsd,
    });
  }

  it('round-trips exactly', () => {
    const outcome = database.outcomes.record({
      modelId: 'openai:gpt-4o-mini', kind: 'code', difficulty: 3, score: 0.75, success: true, userFeedback: -1,
      inputTokens: 1200, outputTokens: 340, latencyMs: 812.5, costUsd: 0.000384,
    });
    expect(outcome).toEqual({
      id: expect.stringMatching(uuid),
      subtaskId: null,
      modelId: 'openai:gpt-4o-mini',
      kind: 'code',
      difficulty: 3,
      score: 0.75,
      success: true,
      userFeedback: -1,
      inputTokens: 1200,
      outputTokens: 340,
      latencyMs: 812.5,
      costUsd: 0.000384,
      createdAt: reading(0),
    });
    expect(database.outcomes.list()).toEqual([outcome]);
    const failure = record('local:a', 'chat', false, 0, null);
    expect(database.outcomes.list({ modelId: 'local:a' })).toEqual([failure]);
    expect(failure).toMatchObject({ success: false, score: null, userFeedback: null });
  });

  it('filters by model, kind, or both', () => {
    const a = record('local:a', 'code', true, 0, 1);
    const b = record('local:a', 'writing', true, 0, 1);
    const c = record('cloud:b', 'code', false, 0.5, 0);
    expect(database.outcomes.list({ modelId: 'local:a' })).toEqual([a, b]);
    expect(database.outcomes.list({ kind: 'code' })).toEqual([a, c]);
    expect(database.outcomes.list({ modelId: 'local:a', kind: 'code' })).toEqual([a]);
    expect(database.outcomes.list({ modelId: 'nobody' })).toEqual([]);
    expect(database.outcomes.list()).toEqual([a, b, c]);
  });

  it('summarises by model × kind', () => {
    record('local:a', 'code', true, 0.1, 0.9);
    record('local:a', 'code', true, 0.2, null);
    record('local:a', 'code', false, 0.3, 0.3);
    record('local:a', 'writing', true, 0, 0.8);
    record('cloud:b', 'code', false, 0.05, null);

    const summary = database.outcomes.summary();
    expect(summary.map(({ modelId, kind, count, successCount }) => ({ modelId, kind, count, successCount }))).toEqual([
      { modelId: 'cloud:b', kind: 'code', count: 1, successCount: 0 },
      { modelId: 'local:a', kind: 'code', count: 3, successCount: 2 },
      { modelId: 'local:a', kind: 'writing', count: 1, successCount: 1 },
    ]);
    const [cloudCode, localCode, localWriting] = summary;
    expect(cloudCode).toMatchObject({ successRate: 0, averageScore: null, totalCostUsd: 0.05 });
    expect(localCode!.successRate).toBeCloseTo(2 / 3, 12);
    expect(localCode!.averageScore).toBeCloseTo(0.6, 12);
    expect(localCode!.totalCostUsd).toBeCloseTo(0.6, 12);
    expect(localWriting).toMatchObject({ successRate: 1, averageScore: 0.8, totalCostUsd: 0 });
  });

  it('summarises nothing as an empty list', () => {
    expect(database.outcomes.summary()).toEqual([]);
  });
});

describe('settings', () => {
  it('round-trips JSON values exactly', () => {
    const values: Record<string, unknown> = {
      number: 4,
      fraction: 0.25,
      text: 'ünïcödé "quoted"',
      flag: false,
      nothing: null,
      list: ['a', 1, null, { nested: true }],
      object: { name: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.2'] },
    };
    for (const [key, value] of Object.entries(values)) database.settings.set(key, value);
    for (const [key, value] of Object.entries(values)) expect(database.settings.get(key)).toEqual(value);
    expect(database.settings.all()).toEqual(values);
    expect(database.settings.get('unset')).toBeUndefined();
  });

  it('overwrites, deletes, and keeps odd keys as plain keys', () => {
    database.settings.set('localThreads', 2);
    database.settings.set('localThreads', 8);
    expect(database.settings.get('localThreads')).toBe(8);
    database.settings.set('__proto__', { polluted: true });
    const all = database.settings.all();
    expect(Object.keys(all)).toEqual(['__proto__', 'localThreads']);
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect(database.settings.delete('localThreads')).toBe(true);
    expect(database.settings.delete('localThreads')).toBe(false);
    expect(database.settings.get('localThreads')).toBeUndefined();
  });

  it('reads only the keys asked for, and never parses the others (a corrupted one included)', () => {
    database.settings.set('localThreads', 4);
    database.settings.set('privacyVault:c1', { entries: [['ann@example.com', '<EMAIL_1>']] });
    database.connection.prepare("INSERT INTO settings VALUES ('broken', '{not json', 'now')").run();
    expect(database.settings.many(['localThreads', 'offline', "it's quoted"])).toEqual({ localThreads: 4 });
    expect(database.settings.many([])).toEqual({});
  });

  it('refuses values without a JSON form, and reports a corrupted value', () => {
    expect(() => database.settings.set('bad', undefined)).toThrow(BatonError);
    expect(() => database.settings.set('bad', () => 1)).toThrow(/has no JSON form/);
    expect(database.settings.get('bad')).toBeUndefined();
    database.connection.prepare("INSERT INTO settings VALUES ('broken', '{not json', 'now')").run();
    expect(() => database.settings.get('broken')).toThrow('The stored setting "broken" is not valid JSON.');
  });
});
