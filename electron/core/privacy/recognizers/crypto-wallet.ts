import { decodeBase58Check } from './checksums/base58check.js';
import { passesBech32 } from './checksums/bech32.js';
import { keccak256 } from './checksums/keccak-256.js';
import { createPatternRecognizer } from './pattern-recognizer.js';

// Legacy Bitcoin-family addresses: base58check, a 21-byte payload (version byte and a 20-byte
// hash). First characters: Bitcoin 1/3, testnet m/n/2, Litecoin L/M, Dogecoin D.
const base58Pattern = /(?<![A-Za-z0-9])[13mn2LMD][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])/gu;
// SegWit and Taproot: bech32/bech32m with a Bitcoin, testnet or Litecoin prefix, in one case.
const bech32Pattern = /(?<![A-Za-z0-9])(?:bc|tb|ltc|BC|TB|LTC)1[ac-hj-np-zAC-HJ-NP-Z02-9]{8,87}(?![A-Za-z0-9])/gu;
const ethereumPattern = /(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![0-9a-zA-Z])/gu;

/** EIP-55: a hex letter is upper case exactly when the matching nibble of keccak-256(lower-case hex) is ≥ 8. */
export function passesEip55(address: string): boolean {
  const hex = address.slice(2);
  const hash = keccak256(new TextEncoder().encode(hex.toLowerCase()));
  for (let index = 0; index < 40; index += 1) {
    const character = hex.charAt(index);
    if (!/[a-fA-F]/.test(character)) continue;
    const byte = hash[index >> 1] ?? 0;
    const nibble = index % 2 === 0 ? byte >> 4 : byte & 0x0f;
    if ((nibble >= 8) !== (character === character.toUpperCase())) return false;
  }
  return true;
}

export const cryptoWalletRecognizer = createPatternRecognizer({
  name: 'crypto-wallet',
  contextWords: ['wallet', 'bitcoin', 'btc', 'ethereum', 'eth', 'address', 'crypto', 'send', 'usdt'],
  rules: [
    {
      type: 'CRYPTO_WALLET',
      pattern: base58Pattern,
      score: 0.95,
      validate: ({ value }) => decodeBase58Check(value)?.length === 21,
    },
    { type: 'CRYPTO_WALLET', pattern: bech32Pattern, score: 0.95, validate: ({ value }) => passesBech32(value) },
    {
      type: 'CRYPTO_WALLET',
      pattern: ethereumPattern,
      score: 0.95,
      validate: ({ value }) => {
        const hex = value.slice(2);
        // One case throughout carries no checksum: most likely an address, but unverified.
        if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return 0.75;
        // Mixed case with a wrong checksum: perhaps a mistyped address, perhaps not one at all;
        // a hint that wallet words nearby can lift over the threshold.
        return passesEip55(value) ? 0.95 : 0.4;
      },
    },
  ],
});
