export { FourVectorArray, type IndexList } from './batch.js';
export { FourVectorError, type FourVectorErrorCode } from './errors.js';
export { type MathLib, numberMath } from './math.js';
export { DEFAULT_LIGHTCONE_TOLERANCE, FourVector, type Vector3, wrapPhi } from './vector.js';
