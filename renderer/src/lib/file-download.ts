/** A file the service made (an export), saved through the browser's download. */
export interface DownloadableFile {
  fileName: string;
  mimeType: string;
  content: string;
}

export function saveFile(file: DownloadableFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the download has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
