import { describe, expect, it } from 'vitest';
import { fastPathDecision } from '../../electron/core/orchestration/fast-path.js';
import { asksForJson, guessKind } from '../../electron/core/orchestration/task-kind-guess.js';

describe('fast path', () => {
  it.each([
    ['What is the capital of France?', 'chat', 1],
    ['Translate "good morning" into German.', 'translate', 1],
    ['Write a haiku about rain.', 'writing', 1],
    ['Fix this function: function add(a, b) { return a - b; } — it should add the two numbers, not subtract them.', 'code', 2],
  ])('takes %j (%s, difficulty %i)', (text, kind, difficulty) => {
    expect(fastPathDecision(text, 0, 280)).toEqual({ fast: true, reason: expect.stringContaining('fast path'), kind, difficulty });
  });

  it.each([
    ['Summarize this.', 1, 'documents are attached'],
    ['x'.repeat(281), 0, 'longer than 280 characters'],
    ['One.\nTwo.\nThree.', 0, 'more than two lines'],
    ['- apples\n- pears', 0, 'it is a list'],
    ['Who are you? Where are you?', 0, 'several questions'],
    ['I like tea. I like cake. I like both.', 0, 'more than two sentences'],
    ['Explain ```x = 1```', 0, 'it holds a code block'],
    ['Summarize the text, then translate it.', 0, '"then" chains several steps'],
    ['Compare Rust and Go.', 0, '"Compare" chains several steps'],
  ])('sends %j to the planner', (text, attachments, reason) => {
    expect(fastPathDecision(text, attachments, 280)).toMatchObject({ fast: false, reason });
  });

  it.each([
    ['Summarize the meeting', 'summarize'],
    ['Solve 2x + 3 = 7', 'math'],
    ['Extract all dates from the letter', 'extract'],
    ['Is this review positive or negative? Classify it.', 'classify'],
    ['Why is the sky blue?', 'reasoning'],
    ['hello!', 'chat'],
  ])('guesses the kind of %j: %s', (text, kind) => {
    expect(guessKind(text)).toBe(kind);
  });

  it.each([
    ['Return JSON with the name', true],
    ['Answer as JSON.', true],
    ['Give me a JSON object of the fields', true],
    ['What is JSON?', false],
  ])('asksForJson(%j) is %s', (text, expected) => {
    expect(asksForJson(text)).toBe(expected);
  });
});
