/**
 * `npm run bundle-sizes`: what each function's bundle weighs and why. Bundles every entry in the wiring with the
 * same esbuild settings as the stack (infra/constructs/guest-function.ts) and reads esbuild's metafile, which the
 * stack itself leaves off (it would change asset hashes on every synth). `npm run bench` bundles through here too.
 */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { functions } from '#shared/wiring';
import { bundleAliases, bundleSettings } from '#infra/constructs/guest-function';
import { projectRoot } from './paths.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function packageOf(input: string): string {
  // The bundles' stand-ins for SDK and Powertools modules (shared/aws/lambda-bundle) count apart from the project's code.
  if (input.startsWith('shared/aws/lambda-bundle/')) return 'lambda-bundle stand-ins';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1]! : 'project code';
}

export interface FunctionBundle {
  readonly code: Uint8Array;
  readonly metafile: Metafile;
  /** Every file esbuild made (the bundle, and its source map when asked for). */
  readonly files: readonly { readonly path: string; readonly contents: Uint8Array }[];
}

/**
 * Bundles one entry (a file, or source text resolved from the project root) with the stack's settings. `extra`
 * adds what a caller needs beyond the deployed bundle's settings (e.g. writing it out with its source map).
 */
export async function bundleEntry(entry: { file: string } | { source: string }, extra: BuildOptions = {}): Promise<FunctionBundle> {
  const result = await build({
    absWorkingDir: projectRoot,
    // The deployed bundles' module replacements (paths from the project root).
    alias: bundleSettings.alias,
    ...('file' in entry ? { entryPoints: [join(projectRoot, entry.file)] } : { stdin: { contents: entry.source, resolveDir: projectRoot, loader: 'ts' } }),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: bundleSettings.target,
    mainFields: [...bundleSettings.mainFields],
    minify: bundleSettings.minify,
    banner: { js: bundleSettings.banner },
    external: [...bundleSettings.externalModules],
    logLevel: 'error',
    ...extra,
  });
  const code = result.outputFiles!.find((file) => !file.path.endsWith('.map'))!.contents;
  return { code, metafile: result.metafile!, files: result.outputFiles!.map(({ path, contents }) => ({ path, contents })) };
}

/** Bytes in the bundle by package ("project code" for the project's own files), largest first. */
export function contributorsOf(metafile: Metafile): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

/** `-- --trace-aws-calls`: the bundles as `-c traceAwsCalls=true` deploys them (with Powertools Tracer and the X-Ray SDK). */
async function printBundleSizes(traceAwsCalls: boolean) {
  console.log(`${'function'.padEnd(25)}    bundle      gzip  largest contributors`);
  for (const declaration of functions) {
    const { code, metafile } = await bundleEntry({ file: declaration.entry }, { alias: bundleAliases({ traceAwsCalls }) });
    const largest = contributorsOf(metafile)
      .slice(0, 4)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(', ');
    console.log(`${declaration.name.padEnd(25)} ${kb(code.byteLength).padStart(9)} ${kb(gzipSync(code).byteLength).padStart(9)}  ${largest}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await printBundleSizes(process.argv.includes('--trace-aws-calls'));
