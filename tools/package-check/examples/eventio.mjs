// @apemen/eventio from its tarball (with @apemen/fourvec from its own): write, sniff and read back.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEventWriter,
  EventIOError,
  finalState,
  readEvents,
  readNpy,
  sniffFormat,
  visible,
  writeNpy,
} from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';

const dir = await mkdtemp(join(tmpdir(), 'eventio-example-'));
try {
  // e+e− → u ū ν_e ν̄_e at 91.2 GeV: two beams (status 4) into one vertex, four final particles.
  const particle = (id, pdgId, status, momentum, production, end) => ({
    id,
    pdgId,
    status,
    momentum,
    generatedMass: 0,
    productionVertex: production,
    endVertex: end,
  });
  const event = {
    eventNumber: 7,
    weights: [0.25],
    units: { momentum: 'GEV', length: 'MM' },
    particles: [
      particle(1, 11, 4, FourVector.fromPxPyPzE(0, 0, 45.6, 45.6), 0, -1),
      particle(2, -11, 4, FourVector.fromPxPyPzE(0, 0, -45.6, 45.6), 0, -1),
      particle(3, 2, 1, FourVector.fromPxPyPzE(30, 0, 0, 30), -1, 0),
      particle(4, -2, 1, FourVector.fromPxPyPzE(-20, 0, 0, 20), -1, 0),
      particle(5, 12, 1, FourVector.fromPxPyPzE(0, 0, 20.6, 20.6), -1, 0),
      particle(6, -12, 1, FourVector.fromPxPyPzE(-10, 0, -20.6, Math.hypot(10, 20.6)), -1, 0),
    ],
    vertices: [
      { id: -1, status: 0, position: [0, 0, 0, 0], incoming: [1, 2], outgoing: [3, 4, 5, 6] },
    ],
  };
  const path = join(dir, 'events.hepmc3');
  const writer = createEventWriter(path, 'hepmc3');
  await writer.write(event);
  await writer.close();
  assert.equal(await sniffFormat(path), 'hepmc3');

  const read = [];
  for await (const ev of readEvents(path)) read.push(ev);
  assert.equal(read.length, 1);
  const [back] = read;
  assert.equal(back.eventNumber, 7);
  assert.deepEqual(back.weights, [0.25]);
  // 4 status-1 particles, 2 of them visible (the neutrinos are not): u and ū with pt 30 and 20.
  assert.equal(finalState(back).length, 4);
  assert.deepEqual(
    visible(back).map((p) => [p.pdgId, p.momentum.pt]),
    [
      [2, 30],
      [-2, 20],
    ],
  );

  // .npy round trip: a 2×3 float32 array.
  const npy = join(dir, 'images.npy');
  await writeNpy(npy, new Float32Array([1, 2, 3, 4, 5, 6.5]), [2, 3]);
  const array = await readNpy(npy);
  assert.deepEqual(array.shape, [2, 3]);
  assert.deepEqual(Array.from(array.data), [1, 2, 3, 4, 5, 6.5]);

  // A broken line is reported with the file and its 1-based line number.
  const broken = join(dir, 'broken.hepmc3');
  await writeFile(
    broken,
    'HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nE 0 1 x\nHepMC::Asciiv3-END_EVENT_LISTING\n',
  );
  await assert.rejects(
    async () => {
      for await (const _ of readEvents(broken)) void _;
    },
    (error) => error instanceof EventIOError && error.line === 3 && error.file === broken,
  );
  console.log(
    `eventio: event ${back.eventNumber}, ${finalState(back).length} final, visible pt ${visible(back).map((p) => p.momentum.pt)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
