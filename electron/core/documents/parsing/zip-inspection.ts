/**
 * Refuses a zip bomb before mammoth sees it. A DOCX is a zip, and mammoth (through JSZip) unpacks
 * each part whole into memory, outside the worker's heap limit. First the sizes every entry
 * declares in the zip's central directory are added up and compared with the limits; then each
 * entry is inflated with node:zlib's maxOutputLength set to its declared size, so an entry that
 * lies about its size is stopped at that size instead of filling the memory. Inflating twice
 * costs a few milliseconds per megabyte; JSZip itself would only notice the lie once done.
 */
import { inflateRawSync } from 'node:zlib';
import { fileSize, unreadableFile } from './document-errors.js';

export interface ZipLimits {
  maxUnpackedBytes: number;
  maxCompressionRatio: number;
}

const endOfCentralDirectorySignature = 0x06054b50;
const centralDirectoryEntrySignature = 0x02014b50;
/** The ratio is only judged once the unpacked size passes this: small XML files compress very well. */
const ratioFloorBytes = 1024 * 1024;

export function checkZipSizes(bytes: Uint8Array, name: string, limits: ZipLimits): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(view);
  if (end === undefined) throw damaged(name);
  const entryCount = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let packed = 0;
  let unpacked = 0;
  const entries: { method: number; packedSize: number; unpackedSize: number; localOffset: number }[] = [];
  for (let entry = 0; entry < entryCount; entry++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== centralDirectoryEntrySignature) throw damaged(name);
    const packedSize = view.getUint32(offset + 20, true);
    const unpackedSize = view.getUint32(offset + 24, true);
    // 0xFFFFFFFF means the real size is in a ZIP64 field: over 4 GB, which no document needs.
    if (packedSize === 0xffffffff || unpackedSize === 0xffffffff) throw tooLarge(name, limits);
    packed += packedSize;
    unpacked += unpackedSize;
    entries.push({ method: view.getUint16(offset + 10, true), packedSize, unpackedSize, localOffset: view.getUint32(offset + 42, true) });
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  if (unpacked > limits.maxUnpackedBytes) throw tooLarge(name, limits);
  if (unpacked > ratioFloorBytes && unpacked / Math.max(packed, 1) > limits.maxCompressionRatio) {
    throw unreadableFile(
      name,
      `unpacks to ${fileSize(unpacked)} from ${fileSize(packed)} (over ${limits.maxCompressionRatio} times its size), the mark of a zip bomb, so Baton did not open it. If the document is genuine, save it again from Word or export it as PDF.`,
    );
  }
  for (const entry of entries) checkEntryHoldsItsDeclaredSize(bytes, view, entry, name);
}

/** Deflated entries (method 8) are inflated up to their declared size; more is a lie. */
function checkEntryHoldsItsDeclaredSize(
  bytes: Uint8Array,
  view: DataView,
  entry: { method: number; packedSize: number; unpackedSize: number; localOffset: number },
  name: string,
): void {
  if (entry.method !== 8) return;
  const header = entry.localOffset;
  if (header + 30 > view.byteLength) throw damaged(name);
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const data = bytes.subarray(start, start + entry.packedSize);
  try {
    inflateRawSync(data, { maxOutputLength: Math.max(entry.unpackedSize, 1) });
  } catch (error) {
    if (error instanceof RangeError) {
      throw unreadableFile(
        name,
        'holds a part that unpacks to more than the size it declares, the mark of a zip bomb, so Baton did not open it. If the document is genuine, save it again from Word.',
        error,
      );
    }
    throw damaged(name, error);
  }
}

/** The end record sits in the last 22 bytes, or up to 64 KB earlier when the zip has a comment. */
function findEndOfCentralDirectory(view: DataView): number | undefined {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= lowest; offset--) {
    if (view.getUint32(offset, true) === endOfCentralDirectorySignature) return offset;
  }
  return undefined;
}

function tooLarge(name: string, limits: ZipLimits) {
  return unreadableFile(
    name,
    `unpacks to more than ${fileSize(limits.maxUnpackedBytes)}, so Baton did not open it (it may be a zip bomb). Split the document, or export it as PDF.`,
  );
}

function damaged(name: string, cause?: unknown) {
  return unreadableFile(name, 'is not a valid Word document (its zip structure is damaged). Open it in Word and save it again.', cause);
}
