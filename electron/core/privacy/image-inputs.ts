import { BatonError } from '../../shared/errors.js';
import { imageMediaTypes, type ChatMessage, type ImageInput, type ImageMediaType } from '../../shared/language-model.js';
import type { ConsentImage } from '../../shared/privacy.js';

/**
 * Pictures in a conversation, as the shield meets them: it cannot read them, so it never redacts
 * them; it counts them for the consent request, names them in the stored text, and checks that
 * what a client calls a PNG is one (a wrong type is a clear error here rather than the cloud's).
 */

/**
 * Tokens a picture is counted as, where Baton estimates without its dimensions: the most one costs
 * at Anthropic (about 1.15 megapixels, 1,600 tokens; larger ones are scaled down); OpenAI's count
 * for a detailed picture stays under it. An estimate for costs shown before sending, not a bill.
 */
export const imageTokenEstimate = 1600;

export function hasImages(messages: readonly ChatMessage[]): boolean {
  return messages.some((message) => (message.images?.length ?? 0) > 0);
}

/** The size of a base64 picture in bytes, without decoding it. */
export function imageBytes(image: ImageInput): number {
  const padding = image.data.endsWith('==') ? 2 : image.data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((image.data.length * 3) / 4) - padding);
}

export function consentImageOf(image: ImageInput): ConsentImage {
  return { mediaType: image.mediaType, bytes: imageBytes(image) };
}

/** `[picture: image/png, 34 KB]`, for the text a conversation keeps of a turn with pictures. */
export function describeImage(image: ImageInput): string {
  const bytes = imageBytes(image);
  const size = bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `[picture: ${image.mediaType}, ${size}]`;
}

/** The first bytes of each format, as its files begin. */
const signatures: Record<ImageMediaType, (bytes: Buffer) => boolean> = {
  'image/png': (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  'image/gif': (bytes) => bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a',
  'image/webp': (bytes) => bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
};

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A client's inline picture, checked: a format both cloud vendors take, valid base64, and bytes
 * that begin as that format's files do. `where` names the part in the error.
 */
export function checkedImage(mediaType: string, data: string, where: string): ImageInput {
  const type = mediaType.toLowerCase();
  if (!(imageMediaTypes as readonly string[]).includes(type)) {
    throw new BatonError('invalid-request', `${where}: pictures of type "${mediaType}" are not supported; send PNG, JPEG, GIF or WebP.`);
  }
  if (data.length % 4 !== 0 || !base64Pattern.test(data)) throw new BatonError('invalid-request', `${where}: the picture is not valid base64.`);
  // The first 12 bytes are enough for every signature.
  if (!signatures[type as ImageMediaType](Buffer.from(data.slice(0, 16), 'base64'))) {
    throw new BatonError('invalid-request', `${where}: the picture's bytes are not ${type}.`);
  }
  return { mediaType: type as ImageMediaType, data };
}
