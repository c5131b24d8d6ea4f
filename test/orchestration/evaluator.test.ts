import { describe, expect, it } from 'vitest';
import { bracketProblem, heuristicVerdict, isJsonAnswer, qualityBar, type EvaluationSubject } from '../../electron/core/orchestration/evaluator.js';
import { detectLanguage, translationTarget } from '../../electron/core/orchestration/language-detection.js';
import { parseJudgement } from '../../electron/core/orchestration/judge.js';

function subject(answer: string, overrides: Partial<EvaluationSubject> = {}): EvaluationSubject {
  return { instruction: 'Explain photosynthesis.', kind: 'reasoning', difficulty: 2, answer, finishReason: 'stop', expectJson: false, ...overrides };
}

describe('evaluator heuristics', () => {
  it.each([
    ['a good answer', subject('Plants turn light, water and carbon dioxide into sugar and oxygen.'), 1, []],
    ['empty', subject('   '), 0, ['the answer is empty']],
    ['a refusal', subject("I'm sorry, but I can't help with that request."), 0.1, ['the model refused']],
    ['another refusal', subject('As an AI language model, I cannot provide that.'), 0.1, ['the model refused']],
    ['cut off', subject('Plants turn light into', { finishReason: 'length' }), 0.35, ['the answer was cut off by the length limit']],
    ['not JSON', subject('name: Ada', { expectJson: true }), 0.2, ['JSON was asked for but the answer is not valid JSON']],
    ['JSON in a fence', subject('```json\n{"name": "Ada"}\n```', { expectJson: true }), 1, []],
    ['broken JavaScript', subject('```js\nfunction add(a, b) { return a + ; }\n```', { kind: 'code' }), 0.3, [expect.stringMatching(/^a js block does not parse/)]],
    ['JavaScript module code', subject('```javascript\nimport fs from "node:fs";\nexport const x = await fs.promises.readFile("a");\n```', { kind: 'code' }), 1, []],
    ['unbalanced Python', subject('```python\ndef f(x):\n    return (x + 1\n```', { kind: 'code' }), 0.3, [expect.stringContaining('never closed')]],
    ['balanced Python with a # comment holding a bracket', subject('```python\ndef f(x):  # (sic\n    return [x]\n```', { kind: 'code' }), 1, []],
    ['TypeScript with a string holding a brace', subject('```ts\nconst s: string = "}";\nfunction f(): void {}\n```', { kind: 'code' }), 1, []],
    [
      'the wrong language',
      subject('Die Pflanzen nutzen das Licht und die Energie, um aus dem Wasser und der Luft Zucker zu machen, und das ist nicht schwer.', {
        languageReference: 'Please explain to me how photosynthesis works and what it is for.',
      }),
      0.3,
      ['the answer is in the wrong language (de, expected en)'],
    ],
    ['a translation into the named language', subject('Bonjour, comment allez-vous ? Je suis très content de vous voir ici avec nous.', { kind: 'translate', instruction: 'Translate this into French.' }), 1, []],
    ['too short for a hard task', subject('Yes.', { difficulty: 4, kind: 'writing' }), 0.5, ['the answer is far too short for a hard subtask']],
  ])('%s', (_name, input, score, problems) => {
    expect(heuristicVerdict(input)).toEqual({ score, problems });
  });

  it('sets a bar by kind and difficulty under which every heuristic problem falls', () => {
    expect(qualityBar('chat', 1)).toBeCloseTo(0.45);
    expect(qualityBar('code', 5)).toBeCloseTo(0.76);
    for (const problemScore of [0, 0.1, 0.2, 0.3, 0.35]) expect(problemScore).toBeLessThan(qualityBar('chat', 1));
  });

  it('checks brackets outside strings and comments', () => {
    expect(bracketProblem('if (a) { b[0] = "(" } // )', 'slash')).toBeUndefined();
    expect(bracketProblem('f(a]', 'slash')).toBe('unmatched "]"');
    expect(isJsonAnswer('[1, 2]')).toBe(true);
    expect(isJsonAnswer('{"a": }')).toBe(false);
  });
});

describe('language detection', () => {
  it.each([
    ['The cat sat on the mat and it was happy with the sun.', 'en'],
    ['Le chat est sur la table et il dort dans le soleil avec les enfants.', 'fr'],
    ['Der Hund ist nicht in dem Haus, und die Katze ist auf dem Dach.', 'de'],
    ['El perro está en la casa y los niños juegan con la pelota por la tarde.', 'es'],
    ['Кошка сидит на окне и смотрит на улицу весь день.', 'ru'],
    ['猫は窓のそばに座って、外を見ています。', 'ja'],
  ])('%j is %s', (text, language) => {
    expect(detectLanguage(text)?.language).toBe(language);
  });

  it('does not guess on little evidence', () => {
    expect(detectLanguage('OK')).toBeUndefined();
    expect(detectLanguage('Tell stories quickly, please.')).toBeUndefined();
    expect(detectLanguage('Tell a story about a cat.')?.language).toBe('en');
    expect(detectLanguage('```js\nconst x = 1;\n```')).toBeUndefined();
  });

  it.each([
    ['Translate this into French.', 'fr'],
    ['Übersetze das auf Deutsch', 'de'],
    ['Translate from German to English', 'en'],
    ['Translate it', undefined],
  ])('the target of %j is %s', (text, language) => {
    expect(translationTarget(text)).toBe(language);
  });
});

describe('judge replies', () => {
  it.each([
    ['{"score": 8, "verdict": "pass", "reason": "good"}', { score: 0.8, note: 'judge: 8/10 (good)' }],
    ['{"score": 8, "verdict": }', { note: expect.stringContaining("the judge's JSON is broken") }],
    ['{"score": 8, "verd', { note: 'the judge did not answer with JSON; heuristics only' }],
    ['no json here', { note: 'the judge did not answer with JSON; heuristics only' }],
    ['{"score": 42}', { note: 'the judge gave no score from 0 to 10; heuristics only' }],
    ['{"score": "high"}', { note: 'the judge gave no score from 0 to 10; heuristics only' }],
  ])('%j', (text, expected) => {
    expect(parseJudgement(text)).toEqual(expected);
  });
});
