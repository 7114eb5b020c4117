import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MANIFEST_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const APP_PACKAGE_DIR = join(MANIFEST_ROOT, 'appPackage');
export const ENV_DIR = join(MANIFEST_ROOT, 'env');
export const BUILD_DIR = join(MANIFEST_ROOT, 'build');
