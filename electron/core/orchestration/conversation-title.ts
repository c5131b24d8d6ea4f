/** The longest title, in characters, a conversation gets from its first message. */
const titleLength = 60;

/** A new conversation's title: the first line of its first message, cut at a word to 60 characters. */
export function titleFrom(text: string): string {
  return shortenTitle(text.trim().split('\n')[0] ?? '') || 'New conversation';
}

/** A line cut to the title length, at the last space before it where there is one, marked with "...". */
export function shortenTitle(line: string): string {
  if (line.length <= titleLength) return line;
  const cut = line.slice(0, titleLength - 3);
  const space = cut.lastIndexOf(' ');
  return `${space > titleLength / 2 ? cut.slice(0, space) : cut}...`;
}
