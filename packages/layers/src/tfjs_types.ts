// Types that tfjs-layers declares but does not re-export from its entry point. Only types are
// imported here (erased at build time): the runtime classes always come from the package entry,
// so that `instanceof` checks inside tfjs-layers see the same classes.

export type { NamedTensor } from '@tensorflow/tfjs-core/dist/tensor_types.js';
export type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
export type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers.js';
export type { UnresolvedLogs } from '@tensorflow/tfjs-layers/dist/logs.js';
export type { Regularizer } from '@tensorflow/tfjs-layers/dist/regularizers.js';
export type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
