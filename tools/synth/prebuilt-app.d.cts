/** Types of prebuilt-app.cjs (plain JavaScript, so that node runs it without a TypeScript loader). */

export interface PrebuiltApp {
  /** The bundle's real path, as stack frames name it. */
  readonly bundle: string;
  /** Its source map. */
  readonly map: string;
  /** The record of the files it was built from, by content hash. */
  readonly record: string;
  /** Whether it was reused: no file it was built from changed. */
  readonly fromCache: boolean;
}

export declare const DEFAULT_CACHE_DIR: string;
export declare function prebuiltApp(entry: string, cacheDir?: string): Promise<PrebuiltApp>;
export declare function mapPositions(text: string, bundle: string, mapFile: string): string;
