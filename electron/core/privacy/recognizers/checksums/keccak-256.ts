/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not SHA3-256's 0x06), for
 * EIP-55 address checksums. Node's crypto has SHA3 but not Keccak, and Electron's BoringSSL has
 * neither, so it lives here. BigInt lanes: slow-ish, but only mixed-case 0x addresses need it.
 */
const mask = (1n << 64n) - 1n;

const roundConstants = [
  0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n, 0x000000000000808bn,
  0x0000000080000001n, 0x8000000080008081n, 0x8000000000008009n, 0x000000000000008an, 0x0000000000000088n,
  0x0000000080008009n, 0x000000008000000an, 0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n,
  0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n, 0x000000000000800an, 0x800000008000000an,
  0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
];

// Rotation offsets indexed by x + 5y.
const rotations = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

function rotateLeft(value: bigint, shift: number): bigint {
  if (shift === 0) return value;
  const amount = BigInt(shift);
  return ((value << amount) | (value >> (64n - amount))) & mask;
}

function lane(state: bigint[], index: number): bigint {
  return state[index] ?? 0n;
}

function permute(state: bigint[]): void {
  for (const roundConstant of roundConstants) {
    // θ
    const columns: bigint[] = [];
    for (let x = 0; x < 5; x += 1) {
      columns.push(lane(state, x) ^ lane(state, x + 5) ^ lane(state, x + 10) ^ lane(state, x + 15) ^ lane(state, x + 20));
    }
    for (let x = 0; x < 5; x += 1) {
      const effect = (columns[(x + 4) % 5] ?? 0n) ^ rotateLeft(columns[(x + 1) % 5] ?? 0n, 1);
      for (let y = 0; y < 25; y += 5) state[x + y] = lane(state, x + y) ^ effect;
    }
    // ρ and π
    const moved: bigint[] = new Array<bigint>(25).fill(0n);
    for (let x = 0; x < 5; x += 1) {
      for (let y = 0; y < 5; y += 1) {
        moved[y + 5 * ((2 * x + 3 * y) % 5)] = rotateLeft(lane(state, x + 5 * y), rotations[x + 5 * y] ?? 0);
      }
    }
    // χ
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x += 1) {
        state[x + y] = lane(moved, x + y) ^ (~lane(moved, ((x + 1) % 5) + y) & mask & lane(moved, ((x + 2) % 5) + y));
      }
    }
    // ι
    state[0] = lane(state, 0) ^ roundConstant;
  }
}

const rateBytes = 136;

export function keccak256(input: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil((input.length + 1) / rateBytes) * rateBytes);
  padded.set(input);
  padded[input.length] = (padded[input.length] ?? 0) ^ 0x01;
  padded[padded.length - 1] = (padded[padded.length - 1] ?? 0) ^ 0x80;
  const state: bigint[] = new Array<bigint>(25).fill(0n);
  for (let offset = 0; offset < padded.length; offset += rateBytes) {
    for (let index = 0; index < rateBytes / 8; index += 1) {
      let value = 0n;
      for (let byte = 7; byte >= 0; byte -= 1) value = (value << 8n) | BigInt(padded[offset + index * 8 + byte] ?? 0);
      state[index] = lane(state, index) ^ value;
    }
    permute(state);
  }
  const output = new Uint8Array(32);
  for (let index = 0; index < 32; index += 1) {
    output[index] = Number((lane(state, Math.floor(index / 8)) >> BigInt((index % 8) * 8)) & 0xffn);
  }
  return output;
}
