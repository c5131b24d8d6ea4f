/**
 * Word documents (.docx) through mammoth, which maps Word's heading styles to h1..h6; its HTML
 * then goes through the same block reader as web pages, so headings, lists and table rows keep
 * their shape. The zip's declared sizes are checked first (zip-inspection.ts); images are not
 * read at all, and mammoth may not follow links to files outside the document.
 */
import mammoth from 'mammoth';
import { damagedFile } from './document-errors.js';
import { htmlBlocks } from './html-blocks.js';
import type { ParsedDocument, ParseLimits } from './parsed-document.js';
import { checkZipSizes } from './zip-inspection.js';

export async function parseDocx(bytes: Uint8Array, name: string, limits: ParseLimits): Promise<ParsedDocument> {
  checkZipSizes(bytes, name, limits);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        externalFileAccess: false,
        // An empty image: the text is what counts, and decoding every picture to base64 costs memory.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw damagedFile(name, 'docx', error);
  }
  const { blocks } = htmlBlocks(html);
  const title = blocks.find((block) => block.kind === 'heading' && block.level === 1)?.text;
  return { name, kind: 'docx', blocks, ...(title ? { title } : {}) };
}
