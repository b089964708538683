// Loaded before anything else: the JavaScript backends register their kernels here, before
// @apemen/layers replaces wasm's faulty MaxPoolGrad. In the other order tfjs warns that the kernel
// is "already registered" when the wasm backend is imported later.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
