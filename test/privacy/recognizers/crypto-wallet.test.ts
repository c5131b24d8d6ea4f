import { cryptoWalletRecognizer } from '../../../electron/core/privacy/recognizers/crypto-wallet.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(cryptoWalletRecognizer, {
  positive: [
    { text: "btc 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", spans: [{ type: 'CRYPTO_WALLET', start: 4, end: 38 }] },
    { text: "p2sh 3EExK1K1TF3v7zsFtQHt14XqexCwgmXM1y", spans: [{ type: 'CRYPTO_WALLET', start: 5, end: 39 }] },
    { text: "segwit bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", spans: [{ type: 'CRYPTO_WALLET', start: 7, end: 49 }] },
    { text: "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", spans: [{ type: 'CRYPTO_WALLET', start: 4, end: 46 }] },
    { text: "eth 0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", spans: [{ type: 'CRYPTO_WALLET', start: 4, end: 46 }] },
    { text: "eth 0x52908400098527886E0F7030069857D2E4169EE7", spans: [{ type: 'CRYPTO_WALLET', start: 4, end: 46 }] },
  ],
  negative: [
    { text: "1A1zP1eP5QGefi2DMPTfTL5SMLv7DivfNa", why: "base58check checksum fails" },
    { text: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", why: "bech32 checksum fails" },
    { text: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", why: "EIP-55 checksum fails: kept below the threshold" },
    { text: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00", why: "42 hex digits" },
  ],
});
