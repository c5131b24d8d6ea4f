import { describe, expect, it } from 'vitest';
import { createPatternRecognizers } from '../../../electron/core/privacy/recognizers/index.js';

const recognizers = createPatternRecognizers();
const blob = recognizers.find((recognizer) => recognizer.name === 'encoded-blob');
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

async function found(text: string) {
  const spans = (await blob?.analyze(text)) ?? [];
  return spans.map((span) => ({ type: span.type, text: text.slice(span.start, span.end) }));
}

describe('values hidden in base64 or hex', () => {
  it.each([
    ['mail', base64('contact: mira.osei@quillfen.net'), 'EMAIL'],
    ['card', base64Url('card 4556 7375 8689 9855 exp 09/29'), 'CREDIT_CARD'],
    ['password', hex('db_password=Trq8!vLm22zq'), 'PASSWORD'],
    ['twice encoded', base64(base64('reach me: tal.brenner@orchidlane.io')), 'EMAIL'],
  ])('%s', async (_name, encoded, type) => {
    expect(await found(`payload=${encoded} end`)).toEqual([{ type, text: encoded }]);
  });

  it('reads base64 wrapped at 76 characters as one blob', async () => {
    const wrapped = base64('Please contact the customer: his address is leon.hartmann@fjordvik.no, thanks.').replace(/(.{76})/g, '$1\n');
    expect(wrapped.split('\n')).toHaveLength(2);
    expect(await found(`mail body:\n${wrapped}\n`)).toEqual([{ type: 'EMAIL', text: wrapped }]);
  });

  it('reads a column of unrelated tokens line by line', async () => {
    const encoded = base64('reach me: tal.brenner@orchidlane.io');
    expect(await found(`ids:\nQ2FsbGJhY2tIYW5kbGVy\n${encoded}\nshort`)).toEqual([{ type: 'EMAIL', text: encoded }]);
  });

  it.each([
    ['a git commit id', 'commit 9f2c4e1a7b3d5e6f8a0b1c2d3e4f5a6b7c8d9e0f'],
    ['readable text without findings', `note ${base64('the build passed on the second try')}`],
    ['a long identifier', 'call internationalizationHelperFactory now'],
    ['three levels deep is not followed', base64(base64(base64('x ann.bell@kestrelmoor.org')))],
  ])('%s', async (_name, text) => {
    expect(await found(text)).toEqual([]);
  });
});
