/** Where to look for context words around a hit, in UTF-16 code units. */
export interface ContextWindow {
  before: number;
  after: number;
}

/** Tells whether any of a list of words or phrases appears near a span of a text. */
export type ContextMatcher = (text: string, start: number, end: number) => boolean;

const defaultWindow: ContextWindow = { before: 48, after: 0 };

/**
 * Compiles a list of context words once. Words match whole ("born" does not fire inside
 * "stubborn", nor "tel" inside "tell", nor "dl" inside "DLP"; plurals must be listed, Korean
 * particles need not be); case and curly apostrophes are ignored, so "Driver’s License" finds
 * "driver's license".
 */
export function createContextMatcher(words: readonly string[], window: ContextWindow = defaultWindow): ContextMatcher {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternativesOf(words)})(?![\\p{L}\\p{N}])`, 'u');
  return (text, start, end) => {
    const from = Math.max(0, start - window.before);
    const to = Math.min(text.length, end + window.after);
    const before = text.slice(from, start);
    const after = text.slice(end, to);
    return pattern.test(normalize(before)) || (window.after > 0 && pattern.test(normalize(after)));
  };
}

// What may stand between announcing words and their value: "account number is", "acct no.:",
// "license # for". Anything else (another clause, another number) breaks the announcement.
const filler = `(?:[\\s:#=.,\\-]|(?:is|was|number|no|nr|num|of|for|with|ending in|on file)(?![\\p{L}\\p{N}]))*`;

/**
 * Like createContextMatcher, but the words must announce the value directly: only filler words
 * and punctuation may follow them before it. For values whose shape alone is any number (a bank
 * account's 8-17 digits), where "Your account number will be emailed. Order 123456789" must
 * not make the order number an account.
 */
export function createAdjacentContextMatcher(words: readonly string[], before = defaultWindow.before): ContextMatcher {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternativesOf(words)})${filler}$`, 'u');
  return (text, start) => pattern.test(normalize(text.slice(Math.max(0, start - before), start)));
}

// Korean writes its particles onto the word ("여권번호는 M123A4567": "the passport number is"):
// a Hangul word may carry one before the whole-word boundary.
const hangulParticle = '(?:은|는|이|가|을|를|도|의|로|으로|란)?';
const endsInHangul = /[\uAC00-\uD7A3]$/;

/** The words as one alternation, longest first, lower case, apostrophes straightened. */
function alternativesOf(words: readonly string[]): string {
  return [...words]
    .map((word) => word.toLowerCase().replace(/[’`]/g, "'"))
    .sort((left, right) => right.length - left.length)
    .map((word) => escapeRegExp(word) + (endsInHangul.test(word) ? hangulParticle : ''))
    .join('|');
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[’`]/g, "'");
}

/** Escapes the regex syntax characters (and only those, so the result is also valid with the 'u' flag). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
