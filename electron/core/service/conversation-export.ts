import type { ConversationDetail, ExportFormat } from '../../shared/api.js';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** A conversation as a file a person keeps: Markdown to read, JSON with every run and subtask. */
export function exportConversation(detail: ConversationDetail, format: ExportFormat, exportedAt = new Date()): ExportedFile {
  const base = fileBaseName(detail.conversation.title);
  if (format === 'json') {
    const content = JSON.stringify(
      {
        format: 'baton-conversation',
        version: 1,
        exportedAt: exportedAt.toISOString(),
        conversation: detail.conversation,
        messages: detail.messages,
        runs: detail.runs.map(({ events: _events, ...run }) => run),
      },
      null,
      2,
    );
    return { fileName: `${base}.json`, mimeType: 'application/json', content: `${content}\n` };
  }
  const runsById = new Map(detail.runs.map((run) => [run.id, run]));
  const lines = [`# ${detail.conversation.title}`, '', `_Exported from Baton on ${exportedAt.toISOString()}_`, ''];
  // The conversation as it stands; earlier versions of messages are in the JSON, with what replaced them.
  for (const message of detail.messages.filter((candidate) => candidate.supersededBy === null)) {
    if (message.role === 'user') {
      lines.push('## You', '', message.content, '');
      continue;
    }
    const run = message.runId ? runsById.get(message.runId) : undefined;
    const notes = [message.modelId ?? undefined, message.status === 'complete' ? undefined : message.status].filter(Boolean);
    lines.push(`## ${message.role === 'assistant' ? 'Baton' : 'System'}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`, '');
    lines.push(message.content || '_(no text)_', '');
    if (run && message.role === 'assistant') {
      const cost = run.costUsd > 0 ? ` · $${run.costUsd.toFixed(6)}` : '';
      lines.push(`<sub>${run.inputTokens} in / ${run.outputTokens} out tokens${cost}</sub>`, '');
    }
  }
  return { fileName: `${base}.md`, mimeType: 'text/markdown', content: lines.join('\n') };
}

function fileBaseName(title: string): string {
  const cleaned = title
    .normalize('NFKD')
    .replace(/[^\w\s.-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
  return cleaned || 'conversation';
}
