// Test helper (not part of the build). tfjs-core's Node bundle registers no gradient functions:
// applications get them from `@tensorflow/tfjs` or `@tensorflow/tfjs-layers`, whose Node bundles
// register tfjs-core's gradients. tfjs-layers is a devDependency of this package for that alone.
import '@tensorflow/tfjs-layers';
