import { describe, expect, it } from 'vitest';
import { decodeBase58Check } from '../../../electron/core/privacy/recognizers/checksums/base58check.js';
import { passesBech32 } from '../../../electron/core/privacy/recognizers/checksums/bech32.js';
import { keccak256 } from '../../../electron/core/privacy/recognizers/checksums/keccak-256.js';
import { passesLuhn } from '../../../electron/core/privacy/recognizers/checksums/luhn.js';
import { mod97 } from '../../../electron/core/privacy/recognizers/checksums/mod-97.js';
import { shannonEntropy } from '../../../electron/core/privacy/recognizers/checksums/shannon-entropy.js';
import { passesVerhoeff } from '../../../electron/core/privacy/recognizers/checksums/verhoeff.js';
import { passesEip55 } from '../../../electron/core/privacy/recognizers/crypto-wallet.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('checksums', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', true],
    ['79927398710', false],
    ['12a4', false],
  ])('Luhn of %s is %s', (digits, expected) => {
    expect(passesLuhn(digits)).toBe(expected);
  });

  it('computes IBAN mod 97 over letters and digits (rearranged GB82WEST12345698765432 gives 1)', () => {
    expect(mod97('WEST12345698765432GB82')).toBe(1);
    expect(mod97('WEST12345698765431GB82')).not.toBe(1);
    expect(mod97('AB-1')).toBe(-1);
  });

  it.each([
    ['234123412346', true],
    ['234123412345', false],
    ['2363', true],
  ])('Verhoeff of %s is %s', (digits, expected) => {
    expect(passesVerhoeff(digits)).toBe(expected);
  });

  it('computes Keccak-256 (not SHA3-256) for the known vectors', () => {
    expect(hex(keccak256(new Uint8Array()))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(hex(keccak256(new TextEncoder().encode('abc')))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    // Longer than one 136-byte block.
    expect(hex(keccak256(new Uint8Array(200).fill(0x61)))).toHaveLength(64);
  });

  it.each([
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', true],
    ['0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', true],
    ['0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', true],
    ['0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb', true],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', false],
  ])('EIP-55 of %s is %s', (address, expected) => {
    expect(passesEip55(address)).toBe(expected);
  });

  it('decodes base58check and rejects a bad checksum', () => {
    expect(hex(decodeBase58Check('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa') ?? new Uint8Array())).toBe('0062e907b15cbf27d5425399ebf6f0fb50ebb88f18');
    expect(decodeBase58Check('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb')).toBeUndefined();
    expect(decodeBase58Check('0OIl')).toBeUndefined();
  });

  it.each([
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', true],
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', true],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', true],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', false],
    ['bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', false],
  ])('bech32 of %s is %s', (address, expected) => {
    expect(passesBech32(address)).toBe(expected);
  });

  it('measures Shannon entropy in bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('9fK2mQ7xL4pZ8vR1tY6wB3nC5hJ0')).toBeGreaterThan(4.5);
  });
});
