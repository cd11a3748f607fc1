/** Raw, gzip -9 and brotli 11 bytes. */
export interface CompressedSizes {
  rawBytes: number
  gzipBytes: number
  brotliBytes: number
}
/**
 * Raw, gzip (-9) and brotli (quality 11) bytes of some content.
 */
export function compressedSizes(buf: Buffer): CompressedSizes
/**
 * Fetches `/s.js` from a running Worker and measures it (null sizes with a note when not served).
 */
export function snippetSizes(base: string): Promise<{ rawBytes: number | null; gzipBytes: number | null; brotliBytes: number | null; note: string | null }>
/**
 * Raw and gzip (default level) bytes of a bundle file.
 */
export function bundleGzipBytes(file: string): { rawBytes: number; gzipBytes: number }
/**
 * The biggest inputs of a bundle from esbuild's metafile, packages by name, our code by folder.
 */
export function topInputs(metaFile: string, n?: number): { input: string; bytes: number; share: number }[]
/**
 * Cold start of a Worker bundle (medians over fresh starts, each minus an empty Worker's).
 * @example
 * const { scriptMs, firstResponseMs } = await coldStart('/tmp/out/index.js')
 */
export function coldStart(bundle: string, opts?: { runs?: number }): Promise<{ scriptMs: number; firstResponseMs: number; runs: number }>
