/**
 * Which parser a file goes to: its extension first, then its first bytes (a PDF or a DOCX with
 * a wrong or missing extension is still read as one). Source code keeps its language.
 */
import { extname } from 'node:path';
import type { DocumentKind } from './parsed-document.js';

const kindsByExtension: Record<string, DocumentKind> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.log': 'text',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
};

const languagesByExtension: Record<string, string> = {
  '.ts': 'typescript', '.tsx': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.js': 'javascript', '.jsx': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript',
  '.py': 'python', '.rb': 'ruby', '.go': 'go', '.rs': 'rust', '.java': 'java', '.kt': 'kotlin',
  '.swift': 'swift', '.c': 'c', '.h': 'c', '.cpp': 'cpp', '.cc': 'cpp', '.hpp': 'cpp', '.cs': 'csharp',
  '.php': 'php', '.scala': 'scala', '.sh': 'shell', '.bash': 'shell', '.zsh': 'shell', '.ps1': 'powershell',
  '.sql': 'sql', '.r': 'r', '.lua': 'lua', '.pl': 'perl', '.dart': 'dart', '.svelte': 'svelte', '.vue': 'vue',
  '.css': 'css', '.scss': 'scss', '.xml': 'xml', '.yaml': 'yaml', '.yml': 'yaml', '.toml': 'toml',
  '.ini': 'ini', '.dockerfile': 'dockerfile', '.tex': 'latex',
};

export interface DocumentType {
  kind: DocumentKind;
  language?: string;
}

export function documentType(name: string, bytes: Uint8Array): DocumentType {
  if (startsWith(bytes, '%PDF-')) return { kind: 'pdf' };
  const extension = extname(name).toLowerCase();
  const kind = kindsByExtension[extension];
  if (kind) return { kind };
  const language = languagesByExtension[extension] ?? (name.toLowerCase().endsWith('dockerfile') ? 'dockerfile' : undefined);
  if (language) return { kind: 'code', language };
  // A zip (PK\x03\x04) without a known extension: Word documents are the only zips read here.
  if (startsWith(bytes, 'PK\u0003\u0004')) return { kind: 'docx' };
  return { kind: 'text' };
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) if (bytes[index] !== prefix.charCodeAt(index)) return false;
  return true;
}
