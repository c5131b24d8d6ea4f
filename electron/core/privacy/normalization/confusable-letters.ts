/**
 * Cyrillic and Greek letters that look like Latin ones, mapped to the Latin letter they imitate.
 * Used only for matching: "jоhn@exаmple.com" with a Cyrillic о and а must still read as an
 * address. Small on purpose (the letters a reader cannot tell apart in common fonts); Unicode's
 * full confusables list would also fold digits and punctuation that patterns rely on.
 */
export const confusableLetters: ReadonlyMap<string, string> = new Map([
  // Cyrillic lower case
  ['а', 'a'], ['е', 'e'], ['о', 'o'], ['р', 'p'], ['с', 'c'], ['х', 'x'], ['у', 'y'],
  ['і', 'i'], ['ѕ', 's'], ['ј', 'j'], ['ԁ', 'd'], ['һ', 'h'], ['ԛ', 'q'], ['ԝ', 'w'], ['ӏ', 'l'],
  // Cyrillic upper case
  ['А', 'A'], ['В', 'B'], ['Е', 'E'], ['К', 'K'], ['М', 'M'], ['Н', 'H'], ['О', 'O'], ['Р', 'P'],
  ['С', 'C'], ['Т', 'T'], ['Х', 'X'], ['У', 'Y'], ['І', 'I'], ['Ѕ', 'S'], ['Ј', 'J'],
  // Greek upper case
  ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'],
  ['Ν', 'N'], ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'],
  // Greek lower case
  ['ο', 'o'], ['ν', 'v'], ['ι', 'i'], ['κ', 'k'], ['ρ', 'p'], ['τ', 't'], ['υ', 'u'],
]);
