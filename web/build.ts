/**
 * Builds the staff terminals to static files: one ES module and one stylesheet, with index.html, into `outdir`
 * (web/dist by default). `npm start` and the browser tests build before serving; on AWS the same files go to S3.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const webRoot = fileURLToPath(new URL('.', import.meta.url));
export const defaultWebOutdir = join(webRoot, 'dist');

export interface WebBuild {
  readonly outdir: string;
  /** What a terminal downloads on first load, in bytes: JavaScript as built, and gzipped. */
  readonly javascriptBytes: number;
  readonly javascriptGzipBytes: number;
}

export async function buildWeb({ outdir = defaultWebOutdir }: { outdir?: string } = {}): Promise<WebBuild> {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    // main.tsx imports the stylesheet: esbuild writes it next to app.js as app.css.
    entryPoints: { app: join(webRoot, 'src/main.tsx') },
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'safari16', 'firefox115'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    metafile: true,
    write: true,
    logLevel: 'silent',
  });
  await copyFile(join(webRoot, 'index.html'), join(outdir, 'index.html'));
  const javascript = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  let javascriptBytes = 0;
  let javascriptGzipBytes = 0;
  for (const [file] of javascript) {
    const content = await readFile(file);
    javascriptBytes += content.length;
    javascriptGzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { outdir, javascriptBytes, javascriptGzipBytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildWeb();
  console.log(
    `web/dist: first load ${(built.javascriptBytes / 1024).toFixed(1)} KB of JavaScript, ${(built.javascriptGzipBytes / 1024).toFixed(1)} KB gzipped`,
  );
}
