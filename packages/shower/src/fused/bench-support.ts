// For bench/ scripts only (not exported by the package): tfjs as this package resolves it, with
// the cpu and wasm backends registered, so that benchmarks and the shower model share one engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
