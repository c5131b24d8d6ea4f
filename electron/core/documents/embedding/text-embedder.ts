/**
 * What vector retrieval needs from an embedding model: texts in, unit-length vectors out (so a
 * dot product is the cosine), the same model for chunks and questions. `id` names the model, so
 * vectors made by one are never compared with another's.
 */
export interface TextEmbedder {
  readonly id: string;
  embedDocuments(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
  embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array>;
  dispose(): Promise<void>;
}
