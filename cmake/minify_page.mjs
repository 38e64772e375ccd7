// Minifies what a first visit downloads as JavaScript, with terser (Debian's node-terser):
//   node cmake/minify_page.mjs script IN.js OUT.js    the whole file (emcc's convscope.js)
//   node cmake/minify_page.mjs html IN.html OUT.html  each inline <script> of a page; the
//                                                     HTML around them is left as it is
// The sources stay readable in web/; the build serves the minified copies.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);  // resolves through NODE_PATH=/usr/share/nodejs
const { minify } = require('terser');

const OPTIONS = { ecma: 2017, compress: { passes: 2 }, mangle: true, format: { comments: false } };

async function minified(code, where) {
  try {
    return (await minify(code, OPTIONS)).code;
  } catch (error) {
    throw new Error(`${where}: terser could not read line ${error.line}, column ${error.col}: ${error.message}`);
  }
}

const [kind, input, output] = process.argv.slice(2);
if (!['script', 'html'].includes(kind) || !input || !output) {
  console.error('usage: node cmake/minify_page.mjs script|html IN OUT');
  process.exit(2);
}
const text = readFileSync(input, 'utf8');
let result;
if (kind === 'script') {
  result = await minified(text, input);
} else {
  // Inline scripts only (a <script> without src); their text holds no "</script>".
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
    parts.push(text.slice(at, match.index), '<script>', await minified(match[1], input), '</script>');
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  result = parts.join('');
}
writeFileSync(output, result);
