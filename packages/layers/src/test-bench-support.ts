// Support for bench/layers (not part of the build): scripts outside the package cannot resolve
// tfjs from the repository root, so they take it, with both backends registered, from here.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export * as tf from '@tensorflow/tfjs-core';
export * as tfl from '@tensorflow/tfjs-layers';
