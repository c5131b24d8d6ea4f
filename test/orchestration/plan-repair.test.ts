import { describe, expect, it } from 'vitest';
import { findCycle, repairPlan } from '../../electron/core/orchestration/plan-repair.js';
import { parsePlannerReply, planResponseSchema, plannerMessages } from '../../electron/core/orchestration/planner.js';

const limits = { maxSubtasks: 4, requestText: 'Summarize the notes and list the actions.' };

describe('repairPlan', () => {
  it('keeps a good plan as it is', () => {
    const plan = repairPlan(
      {
        subtasks: [
          { id: 's1', instruction: 'Summarize the notes.', kind: 'summarize', dependsOn: [], difficulty: 2 },
          { id: 's2', instruction: 'Translate the summary.', kind: 'translate', dependsOn: ['s1'], difficulty: 2 },
        ],
      },
      limits,
    );
    expect(plan).toEqual({
      source: 'planner',
      subtasks: [
        { id: 's1', instruction: 'Summarize the notes.', kind: 'summarize', dependsOn: [], difficulty: 2 },
        { id: 's2', instruction: 'Translate the summary.', kind: 'translate', dependsOn: ['s1'], difficulty: 2 },
      ],
    });
  });

  it.each([
    ['no subtasks', { subtasks: [] }, 'no subtasks'],
    ['not an object', 'oops', 'no subtasks'],
    ['null', null, 'no subtasks'],
    ['too many subtasks', { subtasks: [1, 2, 3, 4, 5].map((n) => ({ id: `s${n}`, instruction: `Part ${n}` })) }, 'made 5 subtasks, more than the 4 allowed'],
    [
      'a cycle',
      {
        subtasks: [
          { id: 'a', instruction: 'A', dependsOn: ['c'] },
          { id: 'b', instruction: 'B', dependsOn: ['a'] },
          { id: 'c', instruction: 'C', dependsOn: ['b'] },
        ],
      },
      'cycle (a → c → b → a)',
    ],
    ['only empty instructions', { subtasks: [{ id: 's1', instruction: '  ' }] }, 'no subtask had an instruction'],
  ])('falls back to one subtask for %s', (_name, raw, note) => {
    const plan = repairPlan(raw, limits);
    expect(plan.source).toBe('fallback');
    expect(plan.subtasks).toEqual([{ id: 's1', instruction: limits.requestText, kind: 'summarize', dependsOn: [], difficulty: 3 }]);
    expect(plan.notes?.join(' ')).toContain(note);
    expect(plan.notes?.at(-1)).toContain('falling back to one subtask');
  });

  it('repairs ids, kinds, difficulties and dependencies, and notes each repair', () => {
    const plan = repairPlan(
      {
        subtasks: [
          { id: 'x', instruction: 'Write the code.', kind: 'coding', dependsOn: ['x', 'nope'], difficulty: 7 },
          { id: 'x', instruction: 'Explain it.', kind: 'banana', dependsOn: ['x'], difficulty: '2' },
          { instruction: 'Test it.', kind: 'code', dependsOn: [], difficulty: 2.6 },
          { id: 'd', instruction: '', kind: 'chat' },
        ],
      },
      limits,
    );
    expect(plan.source).toBe('planner');
    expect(plan.subtasks).toEqual([
      { id: 'x', instruction: 'Write the code.', kind: 'code', dependsOn: [], difficulty: 5 },
      { id: 's2', instruction: 'Explain it.', kind: 'reasoning', dependsOn: ['x'], difficulty: 2 },
      { id: 's3', instruction: 'Test it.', kind: 'code', dependsOn: [], difficulty: 3 },
    ]);
    expect(plan.notes).toEqual(
      expect.arrayContaining([
        'x: kind "coding" is not in the taxonomy; using code',
        'x: difficulty 7 became 5',
        'duplicate id "x" renamed to s2',
        's2: kind "banana" is not in the taxonomy; using reasoning',
        'a subtask without id was named s3',
        's3: difficulty 2.6 became 3',
        'subtask d had no instruction and was dropped',
        'x depended on itself; dropped',
        'x depended on unknown "nope"; dropped',
      ]),
    );
  });

  it('findCycle finds none in a diamond', () => {
    expect(
      findCycle([
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: ['a'] },
        { id: 'c', dependsOn: ['a'] },
        { id: 'd', dependsOn: ['b', 'c'] },
      ]),
    ).toBeUndefined();
  });
});

describe('planner prompt and reply', () => {
  it('gives on-device models item limits the grammar enforces, and cloud models the portable subset', () => {
    expect(planResponseSchema(5, true)['properties']).toMatchObject({ subtasks: { minItems: 1, maxItems: 5 } });
    expect(planResponseSchema(5, false)['properties']).not.toHaveProperty('subtasks.maxItems');
    expect(JSON.stringify(planResponseSchema(5, false))).not.toMatch(/minimum|maximum|minLength/);
  });

  it('states the limit and the request', () => {
    const messages = plannerMessages({ requestText: 'Do two things.', attachmentNames: ['a.txt'], history: [], maxSubtasks: 3 });
    expect(messages[0]?.content).toContain('At most 3 subtasks');
    expect(messages.at(-1)?.content).toBe('Request to plan:\nDo two things.\n\nAttached documents: a.txt');
  });

  it.each([
    ['{"subtasks": []}', { subtasks: [] }],
    ['```json\n{"subtasks": [1]}\n```', { subtasks: [1] }],
    ['Here is the plan: {"subtasks": [2]} hope it helps', { subtasks: [2] }],
  ])('reads %j', (text, value) => {
    expect(parsePlannerReply(text)).toEqual({ value });
  });

  it('says why a reply is not JSON', () => {
    expect(parsePlannerReply('{"subtasks": [')).toEqual({ error: expect.stringContaining('not valid JSON') });
  });
});
