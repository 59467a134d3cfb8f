import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities } from '../../../src/content/import/html-entities.ts';
import { createProgress } from '../../../src/content/import/progress.ts';
import { seededShuffle } from '../../../src/content/import/shuffle.ts';
import { questionId } from '../../../src/content/import/to-markdown.ts';

describe('decodeHtmlEntities', () => {
  it('decodes named, decimal and hex references in one pass and leaves unknown names alone', () => {
    expect(decodeHtmlEntities('&quot;Caf&eacute;&quot; &amp; &#039;n&#x27; &lt;b&gt; &Omega;&hellip;')).toBe(`"Café" & 'n' <b> Ω…`);
    expect(decodeHtmlEntities('&amp;quot; &bogus; & &#;')).toBe('&quot; &bogus; & &#;');
  });

  it('handles numeric edge cases as HTML does: Windows-1252 for 128–159, U+FFFD for invalid code points', () => {
    expect(decodeHtmlEntities('&#150;&#x93;&#x94; &#0; &#xD800; &#x110000; &#128512;')).toBe('–“” \uFFFD \uFFFD \uFFFD 😀');
  });

  it('knows the HTML 4 set with the right code points', () => {
    const spot = { nbsp: 160, iquest: 191, Agrave: 192, szlig: 223, yuml: 255, Rho: 929, Sigma: 931, omega: 969, ndash: 8211, rdquo: 8221, hearts: 9829 };
    for (const [name, cp] of Object.entries(spot)) expect(decodeHtmlEntities(`&${name};`)).toBe(String.fromCodePoint(cp));
  });

  it('knows HTML5-only names too, including ones that decode to two code points', () => {
    // Neither is in HTML 4's table: &bigstar; is U+2605, &NotEqualTilde; is U+2242 plus U+0338 (combining solidus).
    expect(decodeHtmlEntities('&bigstar; &NotEqualTilde; &Backslash;')).toBe('\u2605 \u2242\u0338 \u2216');
  });

  it('needs the semicolon, so prose with a bare ampersand stays as written', () => {
    expect(decodeHtmlEntities('AT&T &copy 2020 &notit')).toBe('AT&T &copy 2020 &notit');
  });
});

describe('seededShuffle', () => {
  const items = ['a', 'b', 'c', 'd', 'e', 'f'];
  it('is a permutation that depends only on the seed', () => {
    const once = seededShuffle(items, 'What is 2 + 2?');
    expect(seededShuffle(items, 'What is 2 + 2?')).toEqual(once);
    expect([...once].sort()).toEqual(items);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('spreads the first item over every position across seeds', () => {
    const positions = new Set(Array.from({ length: 200 }, (_, i) => seededShuffle(items, `question ${i}`).indexOf('a')));
    expect(positions).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });
});

describe('questionId and createProgress', () => {
  it('pads ids to 3 digits, more for big banks', () => {
    expect([questionId('p', 7, 12), questionId('p', 7, 12000)]).toEqual(['p-007', 'p-00007']);
  });

  it('prints every 1000 questions or every second, then the total', () => {
    const lines: string[] = [];
    let t = 0;
    const progress = createProgress({ total: 2500, write: (l) => lines.push(l), now: () => t });
    for (let i = 1; i <= 2500; i++) {
      if (i === 1500) t = 1200; // a slow stretch: a line after a second even between thousands
      progress.tick(i);
    }
    progress.finish();
    expect(lines).toEqual(['imported 1000/2500 questions…\n', 'imported 1500/2500 questions…\n', 'imported 2000/2500 questions…\n', 'imported 2500/2500 questions.\n']);
  });
});
