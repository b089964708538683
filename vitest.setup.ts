import fc from 'fast-check';

// Property tests draw from a fixed seed, so that a run of the suite is reproducible; set
// FC_SEED to explore other seeds (a failure prints the seed and path to replay it).
fc.configureGlobal({
  seed: process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261204,
});
