import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDownloadProgressBar } from '../../electron/cli/download-progress-bar.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('download progress bar', () => {
  it('prints a plain line every 10 percent when the output is not a terminal', () => {
    const output = capture();
    const bar = createDownloadProgressBar(output.stream, { label: 'stories260K' });
    const total = 10_000_000;
    for (let received = 0; received <= total; received += 250_000) {
      bar.onProgress({ receivedBytes: received, totalBytes: total, bytesPerSecond: 2_000_000 });
    }
    bar.stop();
    const lines = output.text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('stories260K: 0% (0.0 of 10.0 MB, 2.0 MB/s, ETA 0:05)');
    expect(lines[5]).toMatch(/^stories260K: 50% \(5\.0 of 10\.0 MB/);
    expect(lines[10]).toBe('stories260K: 100% (10.0 of 10.0 MB)');
  });

  it('prints received megabytes when the size is unknown', () => {
    const output = capture();
    const bar = createDownloadProgressBar(output.stream, { label: 'model' });
    for (let received = 0; received <= 250_000_000; received += 10_000_000) {
      bar.onProgress({ receivedBytes: received, totalBytes: null, bytesPerSecond: 1_000_000 });
    }
    expect(output.text().trim().split('\n')).toEqual([
      'model: 0.0 MB (1.0 MB/s)',
      'model: 100.0 MB (1.0 MB/s)',
      'model: 200.0 MB (1.0 MB/s)',
    ]);
  });

  it('draws a bar with megabytes, speed and ETA on a terminal', () => {
    const output = capture();
    Object.assign(output.stream, { isTTY: true, columns: 120 });
    const bar = createDownloadProgressBar(output.stream, { label: 'stories260K' });
    bar.onProgress({ receivedBytes: 0, totalBytes: 4_000_000, bytesPerSecond: 0 });
    bar.onProgress({ receivedBytes: 2_000_000, totalBytes: 4_000_000, bytesPerSecond: 1_000_000 });
    bar.onProgress({ receivedBytes: 4_000_000, totalBytes: 4_000_000, bytesPerSecond: 1_000_000 });
    bar.stop();
    const text = output.text();
    expect(text).toContain('stories260K');
    expect(text).toContain('4.0/4.0 MB');
    expect(text).toContain('MB/s');
  });

  it('follows a total that was an estimate (the files of a NER model) on a terminal', () => {
    const output = capture();
    Object.assign(output.stream, { isTTY: true, columns: 120 });
    const bar = createDownloadProgressBar(output.stream, { label: 'ner' });
    // The estimate was too high: without the correction the bar would end at 83%.
    bar.onProgress({ receivedBytes: 0, totalBytes: 6_000_000, bytesPerSecond: 0 });
    bar.onProgress({ receivedBytes: 5_000_000, totalBytes: 5_000_000, bytesPerSecond: 1_000_000 });
    bar.stop();
    expect(output.text()).toContain('100% | 5.0/5.0 MB');
  });
});
