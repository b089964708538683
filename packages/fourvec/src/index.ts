export { FourVector } from './vector.js';
