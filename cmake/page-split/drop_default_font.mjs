// Blanks Dear ImGui's built-in font (ProggyClean, 11,980 bytes of base85 text) in the linked
// page program, before it is split (cmake/SplitPage.cmake); binaryen's memory packing then
// leaves the zeros out of the file, which takes about 10 KB (gzip) off a first visit.
//   usage: node drop_default_font.mjs IMGUI_DRAW_CPP PROGRAM.wasm
//
// ImGui 1.86 has no switch to leave the font out: ImFontAtlas::Build() adds it when no font
// was given, so the linker keeps it. ConvScope always gives its own fonts before the atlas is
// built (src/app/widgets/fonts.cpp), so the default font is never read. The bytes are found
// by their content, taken from ImGui's own source, and must occur exactly once.
import { readFileSync, writeFileSync } from 'node:fs';

const [source, program] = process.argv.slice(2);
if (!source || !program) {
  console.error('usage: node drop_default_font.mjs IMGUI_DRAW_CPP PROGRAM.wasm');
  process.exit(2);
}
const fail = (message) => {
  console.error(`drop_default_font: ${message}`);
  process.exit(1);
};

// The C string literal, as adjacent quoted pieces; its one escape is \? (no trigraph).
const declaration = readFileSync(source, 'utf8')
  .match(/proggy_clean_ttf_compressed_data_base85\[(\d+) \+ 1\] =\s*((?:"[^"]*"\s*)+);/);
if (!declaration) fail(`${source} does not define proggy_clean_ttf_compressed_data_base85`);
const text = declaration[2].match(/"[^"]*"/g)
  .map((piece) => piece.slice(1, -1).replace(/\\(.)/g, '$1')).join('');
if (text.length !== Number(declaration[1])) {
  fail(`the font's text has ${text.length} characters, its declaration says ${declaration[1]}`);
}

const bytes = readFileSync(program);
const font = Buffer.from(text, 'latin1');
const at = bytes.indexOf(font);
if (at < 0) fail(`${program} does not hold ImGui's default font`);
if (bytes.indexOf(font, at + 1) >= 0) fail(`${program} holds ImGui's default font more than once`);
bytes.fill(0, at, at + font.length);
writeFileSync(program, bytes);
console.log(`drop_default_font: blanked ${font.length} bytes of ImGui's default font`);
