/**
 * A small language guesser for the evaluator's "wrong language" check: the script decides for
 * non-Latin languages; for Latin-script languages, frequent function words decide. It answers
 * only when it is fairly sure (enough words, a clear winner) and says undefined otherwise: a
 * wrong "wrong language" verdict would escalate a good answer.
 */

export type LanguageCode = 'en' | 'de' | 'fr' | 'es' | 'it' | 'pt' | 'nl' | 'ru' | 'el' | 'ar' | 'he' | 'zh' | 'ja' | 'ko' | 'hi' | 'th';

const scripts: Array<{ language: LanguageCode; pattern: RegExp }> = [
  { language: 'ja', pattern: /[\u3040-\u30ff]/g },
  { language: 'ko', pattern: /[\uac00-\ud7af]/g },
  { language: 'zh', pattern: /[\u4e00-\u9fff]/g },
  { language: 'ru', pattern: /[\u0400-\u04ff]/g },
  { language: 'el', pattern: /[\u0370-\u03ff]/g },
  { language: 'ar', pattern: /[\u0600-\u06ff]/g },
  { language: 'he', pattern: /[\u0590-\u05ff]/g },
  { language: 'hi', pattern: /[\u0900-\u097f]/g },
  { language: 'th', pattern: /[\u0e00-\u0e7f]/g },
];

const functionWords: Record<'en' | 'de' | 'fr' | 'es' | 'it' | 'pt' | 'nl', string[]> = {
  en: ['the', 'a', 'an', 'and', 'is', 'are', 'of', 'to', 'in', 'that', 'it', 'with', 'for', 'this', 'was', 'you', 'have', 'not', 'be', 'on', 'they', 'what', 'about', 'then', 'from', 'my', 'your', 'can', 'will', 'there', 'he', 'she', 'his', 'her'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'ein', 'eine', 'zu', 'mit', 'sich', 'auf', 'für', 'ich', 'sie', 'es', 'dem', 'den', 'von', 'wie'],
  fr: ['le', 'la', 'les', 'et', 'est', 'un', 'une', 'des', 'du', 'que', 'qui', 'pas', 'pour', 'dans', 'ce', 'il', 'elle', 'sur', 'avec', 'vous'],
  es: ['el', 'la', 'los', 'las', 'y', 'es', 'un', 'una', 'que', 'de', 'en', 'por', 'para', 'con', 'no', 'del', 'se', 'lo', 'como', 'pero'],
  it: ['il', 'la', 'lo', 'gli', 'e', 'è', 'un', 'una', 'che', 'di', 'per', 'non', 'con', 'del', 'della', 'sono', 'nel', 'come', 'anche', 'questo'],
  pt: ['o', 'os', 'e', 'é', 'um', 'uma', 'que', 'de', 'para', 'não', 'com', 'do', 'da', 'em', 'se', 'por', 'como', 'mais', 'você', 'isso'],
  nl: ['de', 'het', 'een', 'en', 'is', 'van', 'niet', 'dat', 'die', 'op', 'te', 'met', 'voor', 'zijn', 'ik', 'je', 'er', 'maar', 'ook', 'wat'],
};

export interface LanguageGuess {
  language: LanguageCode;
  /** 0..1: share of the evidence for the winner. */
  confidence: number;
}

export function detectLanguage(text: string): LanguageGuess | undefined {
  const prose = text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`]*`/g, ' ').replace(/https?:\/\/\S+/g, ' ');
  const letters = (prose.match(/\p{L}/gu) ?? []).length;
  // A dozen letters of a script tell it apart; Latin-script languages need words (below).
  if (letters < 12) return undefined;
  for (const { language, pattern } of scripts) {
    const count = (prose.match(pattern) ?? []).length;
    if (count / letters > 0.3) return { language, confidence: Math.min(1, count / letters) };
  }
  const words = prose.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 6) return undefined;
  const scores = Object.entries(functionWords).map(([language, list]) => {
    const set = new Set(list);
    return { language: language as LanguageCode, hits: words.filter((word) => set.has(word)).length };
  });
  scores.sort((left, right) => right.hits - left.hits);
  const [best, second] = scores;
  // Enough evidence: three hits and one word in ten (a text where function words are rare is not prose).
  if (!best || best.hits < Math.max(3, words.length * 0.1)) return undefined;
  const confidence = best.hits / (best.hits + (second?.hits ?? 0));
  return confidence >= 0.65 ? { language: best.language, confidence } : undefined;
}

const languageNames: Array<{ language: LanguageCode; pattern: RegExp }> = [
  { language: 'en', pattern: /english|englisch|anglais|inglés|inglese|inglês/i },
  { language: 'de', pattern: /german|deutsch|allemand|alemán|tedesco|alemão/i },
  { language: 'fr', pattern: /french|französisch|français|francés|francese|francês/i },
  { language: 'es', pattern: /spanish|spanisch|espagnol|español|spagnolo|espanhol/i },
  { language: 'it', pattern: /italian|italienisch|italien|italiano/i },
  { language: 'pt', pattern: /portuguese|portugiesisch|portugais|portugués|portoghese|português/i },
  { language: 'nl', pattern: /dutch|niederländisch|néerlandais|neerlandés|olandese|holandês/i },
  { language: 'ru', pattern: /russian|russisch|russe|ruso|russo/i },
  { language: 'el', pattern: /greek|griechisch|grec|griego|greco|grego/i },
  { language: 'ar', pattern: /arabic|arabisch|arabe|árabe|arabo/i },
  { language: 'he', pattern: /hebrew|hebräisch|hébreu|hebreo|ebraico|hebraico/i },
  { language: 'zh', pattern: /chinese|mandarin|chinesisch|chinois|chino|cinese|chinês/i },
  { language: 'ja', pattern: /japanese|japanisch|japonais|japonés|giapponese|japonês/i },
  { language: 'ko', pattern: /korean|koreanisch|coréen|coreano/i },
  { language: 'hi', pattern: /hindi/i },
  { language: 'th', pattern: /thai/i },
];

/** The target of a translation request ("... into French", "auf Deutsch"), when it names one. */
export function translationTarget(instruction: string): LanguageCode | undefined {
  const match = /\b(?:into|to|in|auf|en|in das|ins|nach)\s+([\p{L}]+)/giu;
  let target: LanguageCode | undefined;
  for (const found of instruction.matchAll(match)) {
    const word = found[1] ?? '';
    const named = languageNames.find((entry) => entry.pattern.test(word));
    if (named) target = named.language; // the last one named is the target: "from German into French"
  }
  return target;
}
