import { resolve } from 'node:path';

/** The project directory (bench/ sits directly below it). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');
