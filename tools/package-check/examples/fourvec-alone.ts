// The main entry type-checks where neither tfjs nor @types/node is installed.
import { FourVector, FourVectorArray } from '@apemen/fourvec';

const batch: FourVectorArray = FourVectorArray.fromVectors([FourVector.fromPxPyPzE(3, 4, 0, 5)]);
export const pt: number = batch.get(0).pt;
