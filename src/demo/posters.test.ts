import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { posterSvg, wrapText } from './posters.ts';
import { demoPosters, imagesDirectory } from './write-posters.ts';

describe('demo posters', () => {
  it('are committed for every production and match the code (run `npm run demo:posters` after editing)', () => {
    const expected = demoPosters();
    const directory = fileURLToPath(imagesDirectory);
    expect(readdirSync(directory).filter((f) => f.endsWith('.svg')).sort()).toEqual([...expected.keys()].sort());
    for (const [file, svg] of expected) expect(readFileSync(`${directory}/${file}`, 'utf8'), file).toBe(svg);
  });

  it('show the title and escape characters that would break the SVG', () => {
    const svg = posterSvg({ slug: 'x', title: { de: 'Kabale & Liebe <neu>' }, subtitle: { de: 'von "Schiller"' }, genres: ['drama'] });
    expect(svg).toContain('Kabale &amp; Liebe');
    expect(svg).toContain('&lt;neu&gt;');
    expect(svg).toContain('&quot;Schiller&quot;');
    expect(svg).not.toMatch(/<neu>/);
  });

  it('are coloured by genre family', () => {
    const opera = posterSvg({ slug: 'a', title: { de: 'A' }, genres: ['opera'] });
    const operetta = posterSvg({ slug: 'a', title: { de: 'A' }, genres: ['operetta'] });
    const drama = posterSvg({ slug: 'a', title: { de: 'A' }, genres: ['drama'] });
    expect(opera).toBe(operetta.replace('OPERETTE', 'OPER'));
    expect(opera.match(/<rect width="600" height="800" fill="([^"]+)"/)?.[1]).not.toBe(drama.match(/<rect width="600" height="800" fill="([^"]+)"/)?.[1]);
  });

  it('break titles into lines and shorten what does not fit', () => {
    expect(wrapText('Der Diener zweier Herren', 12, 4)).toEqual(['Der Diener', 'zweier', 'Herren']);
    expect(wrapText('eins zwei drei vier fünf sechs', 9, 2)).toEqual(['eins zwei', 'drei …']);
    expect(wrapText('Donaudampfschifffahrt', 10, 4)).toEqual(['Donaudamp-', 'fschifffa-', 'hrt']);
  });
});
