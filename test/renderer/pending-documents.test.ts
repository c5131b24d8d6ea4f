import { describe, expect, it } from 'vitest';
import { pendingStage } from '../../renderer/src/lib/pending-documents.js';

describe('a document being added', () => {
  it('says where its indexing is', () => {
    const pending = { uploadId: 'upload-1', name: 'report.pdf', byteCount: 2048 };
    expect(pendingStage({ ...pending, progress: null })).toBe('reading…');
    expect(pendingStage({ ...pending, progress: { uploadId: 'upload-1', stage: 'parsed', done: 0, chunkCount: 12, pageCount: 3 } })).toBe('3 pages, scanning 0 of 12 passages…');
    expect(pendingStage({ ...pending, progress: { uploadId: 'upload-1', stage: 'scanned', done: 1, chunkCount: 1 } })).toBe('scanning 1 of 1 passage…');
  });
});
