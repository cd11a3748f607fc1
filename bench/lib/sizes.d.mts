/** Raw, gzip -9 and brotli 11 bytes. */
export interface CompressedSizes {
  rawBytes: number
  gzipBytes: number
  brotliBytes: number
}
/**
 * Raw, gzip (-9) and brotli (quality 11) bytes of some content.
 * @example
 * compressedSizes(Buffer.from('var a=1')).brotliBytes
 */
export function compressedSizes(buf: Buffer): CompressedSizes
/**
 * Fetches `/s.js` from a running Worker and measures it (null sizes with a note when not served).
 * @example
 * await snippetSizes('http://127.0.0.1:8787')
 */
export function snippetSizes(base: string): Promise<{ rawBytes: number | null; gzipBytes: number | null; brotliBytes: number | null; note: string | null }>
/**
 * Raw and gzip (default level) bytes of a bundle file.
 * @example
 * bundleGzipBytes('out/index.js').gzipBytes
 */
export function bundleGzipBytes(file: string): { rawBytes: number; gzipBytes: number }
/**
 * The biggest inputs of a bundle from esbuild's metafile, packages by name, our code by folder.
 * @example
 * topInputs('meta.json', 5)[0].input // 'zod'
 */
export function topInputs(metaFile: string, n?: number): { input: string; bytes: number; share: number }[]
