import { describe, expect, it } from 'vitest';
import { dateScopeLines } from '../../bench/pii-date-scopes.js';

describe('PII bench: dates by the redactDates setting', () => {
  it('scores the DATE family under each setting', async () => {
    const birth = 'She was born on 12 March 1980 in Leeds.';
    const visit = 'Her appointment is on 2031-05-14 at noon.';
    const meeting = 'The release ships on 2031-06-02.';
    const span = (text: string, value: string) => ({ entity_type: 'DATE_TIME', start_position: text.indexOf(value), end_position: text.indexOf(value) + value.length });
    const lines = await dateScopeLines([
      { full_text: birth, spans: [span(birth, '12 March 1980')] },
      { full_text: visit, spans: [span(visit, '2031-05-14')] },
      { full_text: meeting, spans: [span(meeting, '2031-06-02')] },
    ]);
    expect(lines.slice(2)).toEqual([
      'birth-dates        3      1  1.000 0.333 0.385',
      'person-dates       3      2  1.000 0.667 0.714',
      'all-dates          3      3  1.000 1.000 1.000',
    ]);
  });
});
