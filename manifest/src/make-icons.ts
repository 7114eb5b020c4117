/** Regenerates manifest/appPackage/color.png and outline.png: `npm run icons -w manifest`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iconFiles } from './icons.js';
import { APP_PACKAGE_DIR } from './paths.js';

for (const [name, bytes] of Object.entries(iconFiles())) {
  writeFileSync(join(APP_PACKAGE_DIR, name), bytes);
  console.log(`wrote ${join('manifest/appPackage', name)} (${bytes.length} bytes)`);
}
