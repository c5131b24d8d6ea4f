import fc from 'fast-check';

/**
 * Fast-check arbitraries for values of every type the pattern recognizers cover, valid by
 * their own rules (Luhn for cards, mod-97 for IBANs, issuable SSN ranges), for the vault
 * round trip and the leak test. Each value says which parts of it must never leave the machine.
 */
export interface InjectedValue {
  kind: string;
  /** The text put into the prompt. */
  text: string;
  /** What must not appear in anything sent to the cloud (the whole text, or its secret part). */
  secrets: string[];
}

const lower = 'abcdefghijklmnopqrstuvwxyz';
const upper = lower.toUpperCase();
const digits = '0123456789';
const alphanumeric = lower + upper + digits;

function stringOf(alphabet: string, minLength: number, maxLength = minLength): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength, maxLength });
}

function numberText(min: number, max: number, width: number): fc.Arbitrary<string> {
  return fc.integer({ min, max }).map((value) => String(value).padStart(width, '0'));
}

function whole(kind: string, text: fc.Arbitrary<string>): fc.Arbitrary<InjectedValue> {
  return text.map((value) => ({ kind, text: value, secrets: [value] }));
}

/** The Luhn check digit that makes `payload + digit` valid. */
export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let index = 0; index < payload.length; index += 1) {
    let digit = Number(payload[payload.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** ISO 13616 check digits for a country code and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const character of rearranged) remainder = (remainder * 10 + Number(character)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

const email = fc
  .tuple(stringOf(lower, 3, 8), fc.option(stringOf(lower, 2, 6), { nil: undefined }), stringOf(lower, 3, 10), fc.constantFrom('com', 'org', 'net', 'io', 'de'))
  .map(([name, second, domain, tld]) => `${name}${second ? `.${second}` : ''}@${domain}.${tld}`);

const phone = fc.oneof(
  fc
    .tuple(fc.constantFrom('212', '415', '617', '303', '206', '312', '646', '202'), numberText(201, 899, 3), numberText(1000, 9999, 4))
    .filter(([, exchange]) => exchange !== '555')
    .chain(([area, exchange, line]) => fc.constantFrom(`+1 ${area} ${exchange} ${line}`, `(${area}) ${exchange}-${line}`, `+1-${area}-${exchange}-${line}`)),
  fc.tuple(numberText(7000, 7999, 4), numberText(1000, 9999, 4)).map(([first, second]) => `+44 20 ${first} ${second}`),
  numberText(10_000_000, 99_999_999, 8).map((number) => `+49 30 ${number}`),
);

const card = fc
  .tuple(fc.constantFrom('4', '51', '52', '53', '54', '55'), fc.constantFrom(' ', '-', ''))
  .chain(([prefix, separator]) =>
    stringOf(digits, 15 - prefix.length).map((middle) => {
      const payload = prefix + middle;
      const number = payload + luhnCheckDigit(payload);
      return number.match(/.{4}/g)?.join(separator) ?? number;
    }),
  );

const iban = fc
  .oneof(
    stringOf(digits, 18).map((bban) => ['DE', bban] as const),
    fc.tuple(stringOf(upper, 4), stringOf(digits, 14)).map(([bank, number]) => ['GB', bank + number] as const),
    fc.tuple(stringOf(upper, 4), stringOf(digits, 10)).map(([bank, number]) => ['NL', bank + number] as const),
  )
  .chain(([country, bban]) => {
    const compact = `${country}${ibanCheckDigits(country, bban)}${bban}`;
    return fc.constantFrom(compact, compact.match(/.{1,4}/g)?.join(' ') ?? compact);
  });

const ssn = fc
  .tuple(numberText(1, 899, 3), numberText(1, 99, 2), numberText(1, 9999, 4))
  .filter(([area]) => area !== '666')
  .map(([area, group, serial]) => `${area}-${group}-${serial}`)
  .filter((value) => !['078-05-1120', '219-09-9999', '123-45-6789'].includes(value) && !/^(\d)\1\1-\1\1-\1\1\1\1$/.test(value));

// Loopback (127.x) is the same on every machine and says nothing about anyone: not generated.
const ipv4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }).filter((first) => first !== 127), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
  .map((parts) => parts.join('.'));

const ipv6 = fc.array(stringOf('0123456789abcdef', 4), { minLength: 7, maxLength: 7 }).map((groups) => `2001:${groups.join(':')}`);

const macAddress = fc.array(stringOf('0123456789ABCDEF', 2), { minLength: 6, maxLength: 6 }).map((pairs) => pairs.join(':'));

const apiKey = fc.oneof(
  stringOf(upper + '234567', 16).map((rest) => `AKIA${rest}`),
  stringOf(alphanumeric, 36).map((rest) => `ghp_${rest}`),
  stringOf(alphanumeric, 24).map((rest) => `sk_live_${rest}`),
  stringOf(alphanumeric + '_-', 40).map((rest) => `sk-ant-api03-${rest}`),
);

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const jwt = fc
  .tuple(stringOf(lower, 4, 10), fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), stringOf(alphanumeric + '_-', 43))
  .map(([subject, issuedAt, signature]) => `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: subject, iat: issuedAt })}.${signature}`);

const urlWithCredentials = fc
  .tuple(stringOf(lower, 3, 8), stringOf(alphanumeric, 8, 14), stringOf(lower, 4, 10))
  .map(([user, password, host]) => ({ kind: 'url-credentials', text: `https://${user}:${password}@${host}.example.com/data`, secrets: [password] }));

const passwordPair = fc
  .tuple(
    fc.constantFrom('password', 'passwd', 'token', 'secret'),
    fc.constantFrom('=', ': '),
    stringOf(alphanumeric, 4, 8),
    stringOf(digits, 1, 3),
    fc.constantFrom('!', '#', '$', '%', '&', '*', '@', '^'),
    stringOf(alphanumeric, 3, 6),
  )
  // A digit and a symbol inside, as password rules ask (Tr0ub4dor&3).
  .map(([key, separator, head, digit, symbol, tail]) => {
    const value = `${head}${digit}${symbol}${tail}`;
    return { kind: 'password', text: `${key}${separator}${value}`, secrets: [value] };
  });

/** Random-looking passwords with a digit somewhere, whatever case they start with (nMjvhZ1796oDq6W). */
const randomPasswordPair = fc
  .tuple(fc.constantFrom('password', 'passwd'), fc.constantFrom('=', ': '), stringOf(alphanumeric, 3, 8), stringOf(digits, 1, 4), stringOf(alphanumeric, 3, 8))
  .map(([key, separator, head, digit, tail]) => {
    const value = `${head}${digit}${tail}`;
    return { kind: 'random-password', text: `${key}${separator}${value}`, secrets: [value] };
  });

/** One arbitrary per supported pattern type. */
export const injectedValueArbitraries: Record<string, fc.Arbitrary<InjectedValue>> = {
  email: whole('email', email),
  phone: whole('phone', phone),
  card: whole('card', card),
  iban: whole('iban', iban),
  ssn: whole('ssn', ssn),
  ipv4: whole('ipv4', ipv4),
  ipv6: whole('ipv6', ipv6),
  mac: whole('mac', macAddress),
  'api-key': whole('api-key', apiKey),
  jwt: whole('jwt', jwt),
  'url-credentials': urlWithCredentials,
  password: passwordPair,
  'random-password': randomPasswordPair,
};

export const anyInjectedValue: fc.Arbitrary<InjectedValue> = fc.oneof(...Object.values(injectedValueArbitraries));

const fillerWords = [
  'the', 'report', 'please', 'check', 'meeting', 'tomorrow', 'and', 'send', 'it', 'to', 'our', 'team', 'about', 'plan',
  'budget', 'draft', 'review', 'notes', 'for', 'with', 'a', 'quick', 'summary', 'of', 'this', 'week', 'hello', 'thanks',
  'is', 'at', 'or', 'call', 'write', 'here', 'numbers', 'list', 'item', 'done', 'ok', 'next', 'steps', 'later',
];

/** Ordinary words and punctuation with no personal data of their own. */
export const fillerText: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...fillerWords), fc.constantFrom(' ', ' ', ' ', ', ', '. ', '\n')), { minLength: 0, maxLength: 12 })
  .map((pieces) => pieces.map(([word, gap]) => word + gap).join('').trim());

/** A text of filler with values placed between the words (always with whitespace around them). */
export function textWithValues(values: fc.Arbitrary<InjectedValue[]>): fc.Arbitrary<{ text: string; values: InjectedValue[] }> {
  return values.chain((chosen) =>
    fc.array(fillerText, { minLength: chosen.length + 1, maxLength: chosen.length + 1 }).map((fillers) => {
      let text = fillers[0] ?? '';
      chosen.forEach((value, index) => {
        text += ` ${value.text} ${fillers[index + 1] ?? ''}`;
      });
      return { text: text.trim(), values: chosen };
    }),
  );
}
