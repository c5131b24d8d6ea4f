/**
 * Refuses a zip bomb before anything is unpacked: the sizes every entry declares in the zip's
 * central directory are added up and compared with the limits. A DOCX is a zip, and mammoth
 * (through JSZip) would otherwise unpack it whole into memory. An entry that lies about its size
 * is caught later: JSZip checks each unpacked length against the declared one, and the parse
 * worker's heap limit stops whatever slips through.
 */
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
  for (let entry = 0; entry < entryCount; entry++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== centralDirectoryEntrySignature) throw damaged(name);
    const packedSize = view.getUint32(offset + 20, true);
    const unpackedSize = view.getUint32(offset + 24, true);
    // 0xFFFFFFFF means the real size is in a ZIP64 field: over 4 GB, which no document needs.
    if (packedSize === 0xffffffff || unpackedSize === 0xffffffff) throw tooLarge(name, limits);
    packed += packedSize;
    unpacked += unpackedSize;
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  if (unpacked > limits.maxUnpackedBytes) throw tooLarge(name, limits);
  if (unpacked > ratioFloorBytes && unpacked / Math.max(packed, 1) > limits.maxCompressionRatio) {
    throw unreadableFile(
      name,
      `unpacks to ${fileSize(unpacked)} from ${fileSize(packed)} (over ${limits.maxCompressionRatio} times its size), the mark of a zip bomb, so Baton did not open it. If the document is genuine, save it again from Word or export it as PDF.`,
    );
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

function damaged(name: string) {
  return unreadableFile(name, 'is not a valid Word document (its zip structure is damaged). Open it in Word and save it again.');
}
