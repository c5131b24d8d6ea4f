import { describe, expect, it } from 'vitest';
import { checkedImage, describeImage, imageBytes } from '../../electron/core/privacy/image-inputs.js';
import { BatonError } from '../../electron/shared/errors.js';

const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');
const starts = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
  'image/jpeg': [0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1],
  'image/gif': [...Buffer.from('GIF89a'), 1, 0, 1, 0, 0x80, 0],
  'image/webp': [...Buffer.from('RIFF'), 36, 0, 0, 0, ...Buffer.from('WEBP')],
};

describe('pictures a client sends', () => {
  it('are taken in the four formats both clouds read, when their bytes begin as that format does', () => {
    for (const [type, bytes] of Object.entries(starts)) {
      expect(checkedImage(type.toUpperCase(), base64(bytes), 'part')).toEqual({ mediaType: type, data: base64(bytes) });
      for (const [other, otherBytes] of Object.entries(starts)) {
        if (other === type) continue;
        expect(() => checkedImage(type, base64(otherBytes), 'part')).toThrow(`part: the picture's bytes are not ${type}.`);
      }
    }
  });

  it('are refused in other formats, or when the data is not base64', () => {
    expect(() => checkedImage('image/svg+xml', base64(starts['image/png']), 'messages[0].content[1]')).toThrow(
      new BatonError('invalid-request', 'messages[0].content[1]: pictures of type "image/svg+xml" are not supported; send PNG, JPEG, GIF or WebP.'),
    );
    expect(() => checkedImage('image/png', 'iVBORw0KGgo', 'part')).toThrow('part: the picture is not valid base64.');
    expect(() => checkedImage('image/png', 'iVBO Rw0KGgo=', 'part')).toThrow('part: the picture is not valid base64.');
  });

  it('are counted in bytes without decoding, and named for the stored text', () => {
    for (const length of [1, 2, 3, 4, 1000, 1025]) {
      const data = Buffer.alloc(length, 7).toString('base64');
      expect(imageBytes({ mediaType: 'image/png', data })).toBe(length);
    }
    expect(describeImage({ mediaType: 'image/jpeg', data: Buffer.alloc(300).toString('base64') })).toBe('[picture: image/jpeg, 1 KB]');
    expect(describeImage({ mediaType: 'image/png', data: Buffer.alloc(1536 * 1024).toString('base64') })).toBe('[picture: image/png, 1.5 MB]');
  });
});
