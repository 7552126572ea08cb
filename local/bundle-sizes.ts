/**
 * `npm run bundle-sizes`: what each function's bundle weighs and why. Bundles every entry in the wiring with the
 * same esbuild settings as the stack (infra/constructs/guest-function.ts) and reads esbuild's metafile, which the
 * stack itself leaves off (it would change asset hashes on every synth).
 */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';
import { functions } from '#shared/wiring';
import { bundleSettings } from '#infra/constructs/guest-function';
import { projectRoot } from './paths.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1]! : 'project code';
}

console.log(`${'function'.padEnd(25)}    bundle      gzip  largest contributors`);
for (const declaration of functions) {
  const result = await build({
    entryPoints: [join(projectRoot, declaration.entry)],
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
  });
  const code = result.outputFiles[0]!.contents;
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
    }
  }
  const largest = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, bytes]) => `${name} ${kb(bytes)}`)
    .join(', ');
  console.log(`${declaration.name.padEnd(25)} ${kb(code.byteLength).padStart(9)} ${kb(gzipSync(code).byteLength).padStart(9)}  ${largest}`);
}
