/**
 * Cheap checks of a weak model's answer, read before deciding whether to ask a stronger model
 * (the cascade). Each check that fires is named; the learned router takes the names as features,
 * so how much each one predicts a wrong answer is learned from outcomes, not set by hand.
 */

export interface AnswerCheckOptions {
  /** A maths question: the answer should end with a number, and its arithmetic should hold. */
  math: boolean;
}

/** GSM8K's answer line: `#### 42`. */
const finalMarkerPattern = /####\s*\$?\s*(-?[\d,]*\.?\d+)/;

export function checkAnswer(answer: string, options: AnswerCheckOptions): string[] {
  const findings: string[] = [];
  const text = answer.trim();
  if (text.length < 2) return ['empty'];
  if (isRepeated(text)) findings.push('repeated');
  if (/\b(i can(?:'|no)t|i am unable|i'm unable|as an ai|i won't)\b/i.test(text)) findings.push('refusal');
  for (const [name, pattern] of hedges) if (pattern.test(text)) findings.push(`hedge:${name}`);
  if (!finalMarkerPattern.test(text) && isCutOff(text)) findings.push('cut-off');
  if (options.math) {
    const finalNumber = finalNumberOf(text);
    if (finalNumber === undefined) findings.push('no-final-number');
    const { checked, wrong, results } = checkArithmetic(text);
    if (wrong > 0) findings.push('arithmetic-wrong');
    if (checked === 0) findings.push('no-arithmetic');
    if (finalNumber !== undefined && checked > 0 && !results.some((result) => nearlyEqual(result, finalNumber))) findings.push('final-number-not-computed');
    if (finalNumber !== undefined && !Number.isInteger(finalNumber)) findings.push('final-number-fraction');
    if (finalNumber !== undefined && finalNumber < 0) findings.push('final-number-negative');
  }
  if (findings.length === 0) findings.push('clean');
  return findings;
}

const hedges: [string, RegExp][] = [
  ['however', /\bhowever\b/i],
  ['approximately', /\b(approximately|about|roughly|around|rounded?|nearest)\b/i],
  ['assume', /\b(assum(e|ing)|suppose|if we|let's say)\b/i],
  ['unsure', /\b(not sure|unclear|cannot be determined|not enough information|ambiguous|it seems|i think|might|may be)\b/i],
  ['correction', /\b(actually|wait|mistake|correct(ion|ed)?|re-?calculate|instead)\b/i],
];

/**
 * Ends mid-sentence: no closing punctuation, unless the last line is only a number (an answer
 * line); a number whose last thousands group is short ("130,00") was cut while being written.
 */
function isCutOff(text: string): boolean {
  if (/\d,\d{1,2}$/.test(text)) return true;
  if (/[.!?)\]"'`*]$/.test(text)) return false;
  const lastLine = text.slice(text.lastIndexOf('\n') + 1).trim();
  return !/^[$\s]*-?[\d,]*\.?\d+\s*\S{0,12}$/.test(lastLine);
}

/** A line said three times, or the last 40 characters seen earlier in the text twice: a loop. */
function isRepeated(text: string): boolean {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 10);
  const seen = new Map<string, number>();
  for (const line of lines) {
    const count = (seen.get(line) ?? 0) + 1;
    if (count >= 3) return true;
    seen.set(line, count);
  }
  const tail = text.slice(-40);
  return tail.length === 40 && text.split(tail).length - 1 >= 3;
}

/**
 * Checks `<<expression=value>>` calculator notes and plain `a op b = c` steps. Returns how many
 * were checked, how many do not hold, and every result the text computed.
 */
export function checkArithmetic(text: string): { checked: number; wrong: number; results: number[] } {
  let checked = 0;
  let wrong = 0;
  const results: number[] = [];
  const note = /<<([^<>=]+)=([^<>]+)>>/g;
  for (const match of text.matchAll(note)) {
    const computed = evaluate(match[1] ?? '');
    const stated = parseNumber(match[2] ?? '');
    if (computed === undefined || stated === undefined) continue;
    checked += 1;
    results.push(stated);
    if (!nearlyEqual(computed, stated)) wrong += 1;
  }
  const plain = text.replace(note, ' ');
  const step = /((?:\$?-?[\d,]*\.?\d+%?\s*[-+*/x×÷]\s*)+\$?-?[\d,]*\.?\d+%?)\s*=\s*\$?(-?[\d,]*\.?\d+)/g;
  for (const match of plain.matchAll(step)) {
    const expression = (match[1] ?? '').replace(/[x×]/g, '*').replace(/÷/g, '/');
    if (expression.includes('%')) continue; // percentages are written too many ways to check
    const computed = evaluate(expression);
    const stated = parseNumber(match[2] ?? '');
    if (computed === undefined || stated === undefined) continue;
    checked += 1;
    results.push(stated);
    if (!nearlyEqual(computed, stated)) wrong += 1;
  }
  return { checked, wrong, results };
}

/** The answer's final number: after a `####` marker when it has one, else the last number near its end. */
export function finalNumberOf(answer: string): number | undefined {
  const text = answer.trim();
  const finalMarker = finalMarkerPattern.exec(text);
  return finalMarker ? parseNumber(finalMarker[1] ?? '') : lastNumber(text.slice(-80));
}

export function nearlyEqual(left: number, right: number): boolean {
  // Answers round: 2.333 for 7/3 holds, 2.5 for 3 does not.
  return Math.abs(left - right) <= Math.max(0.01, Math.abs(right) * 0.005);
}

function parseNumber(text: string): number | undefined {
  const cleaned = text.replace(/[$,\s]/g, '');
  if (!/^-?\d*\.?\d+$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

function lastNumber(text: string): number | undefined {
  const numbers = text.match(/-?[\d,]*\.?\d+/g);
  return numbers ? parseNumber(numbers[numbers.length - 1] ?? '') : undefined;
}

/** + - * / and brackets over plain numbers, by recursive descent (never `eval`); undefined when it is anything else. */
export function evaluate(expression: string): number | undefined {
  const tokens = expression.replace(/[$,\s]/g, '').match(/\d*\.?\d+|[-+*/()]/g);
  if (!tokens || tokens.join('') !== expression.replace(/[$,\s]/g, '')) return undefined;
  let position = 0;
  const peek = () => tokens[position];
  const primary = (): number | undefined => {
    const token = tokens[position++];
    if (token === '(') {
      const value = sum();
      if (tokens[position++] !== ')') return undefined;
      return value;
    }
    if (token === '-') {
      const value = primary();
      return value === undefined ? undefined : -value;
    }
    return token !== undefined && /\d/.test(token) ? Number(token) : undefined;
  };
  const product = (): number | undefined => {
    let value = primary();
    while (value !== undefined && (peek() === '*' || peek() === '/')) {
      const operator = tokens[position++];
      const right = primary();
      if (right === undefined) return undefined;
      value = operator === '*' ? value * right : value / right;
    }
    return value;
  };
  const sum = (): number | undefined => {
    let value = product();
    while (value !== undefined && (peek() === '+' || peek() === '-')) {
      const operator = tokens[position++];
      const right = product();
      if (right === undefined) return undefined;
      value = operator === '+' ? value + right : value - right;
    }
    return value;
  };
  const value = sum();
  return position === tokens.length && value !== undefined && Number.isFinite(value) ? value : undefined;
}
