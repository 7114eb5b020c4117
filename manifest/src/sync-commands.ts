/**
 * `npm run commands -w manifest`: writes the verb registry's command lists into the manifest
 * template, so the Agents Toolkit (which zips the template as it is) ships the same lists as
 * `npm run package`. A test fails while the template is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLists } from './commands.js';
import { APP_PACKAGE_DIR } from './paths.js';

const file = join(APP_PACKAGE_DIR, 'manifest.json');
const text = readFileSync(file, 'utf8');
// Replace only the command lists' text, so the rest of the template keeps its layout.
const key = '"commandLists": ';
const start = text.indexOf(key) + key.length;
let depth = 0;
let end = start;
do {
  if (text[end] === '[') depth++;
  if (text[end] === ']') depth--;
  end++;
} while (depth > 0);
writeFileSync(file, text.slice(0, start) + JSON.stringify(commandLists()) + text.slice(end));
console.log(`command lists written to ${file}`);
