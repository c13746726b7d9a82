import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoDirectory, readDemoFiles } from './data.ts';
import { posterSvg } from './posters.ts';

/* `npm run demo:posters`: regenerates examples/demo-house/images from productions.json. */

export const imagesDirectory = new URL('images/', demoDirectory);

/** The poster file of every demo production, by file name. */
export function demoPosters(): Map<string, string> {
  const { productions } = readDemoFiles();
  return new Map(productions.productions.map((production) => [`${production.slug}.svg`, posterSvg(production)]));
}

export function writeDemoPosters(): number {
  const posters = demoPosters();
  const directory = fileURLToPath(imagesDirectory);
  mkdirSync(directory, { recursive: true });
  for (const file of readdirSync(directory)) if (file.endsWith('.svg') && !posters.has(file)) rmSync(`${directory}/${file}`);
  for (const [file, svg] of posters) writeFileSync(`${directory}/${file}`, svg);
  return posters.size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${writeDemoPosters()} posters to ${fileURLToPath(imagesDirectory)}`);
}
