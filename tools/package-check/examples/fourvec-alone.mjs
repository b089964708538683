// @apemen/fourvec installed alone: the main entry works without tfjs; only the /tf subpath needs
// the optional peer @tensorflow/tfjs-core, and says so when imported.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { FourVector } from '@apemen/fourvec';

assert.equal(existsSync('node_modules/@tensorflow'), false, 'npm installed the optional tfjs peer');
assert.equal(FourVector.fromPxPyPzE(3, 4, 0, 5).pt, 5);
await assert.rejects(import('@apemen/fourvec/tf'), (error) => {
  assert.equal(error.code, 'ERR_MODULE_NOT_FOUND');
  assert.match(error.message, /@tensorflow\/tfjs-core/);
  return true;
});
console.log(
  'fourvec alone: main entry ok; @apemen/fourvec/tf without tfjs fails naming @tensorflow/tfjs-core',
);
