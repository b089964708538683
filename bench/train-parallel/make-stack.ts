// Writes a stack of synthetic sparse event images: make-stack.ts <file.npy> <count> <pixels> [seed]
import { writeSparseStack } from '../../apps/train/src/train/test-helpers.js';

const [path, count, pixels, seed] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: make-stack.ts <file.npy> <count> <pixels> [seed]');
await writeSparseStack(path, Number(count ?? 1000), Number(pixels ?? 64), Number(seed ?? 1));
