import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSystemHandler, readModelJson } from './files.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apemen-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileSystemHandler', () => {
  it('round-trips topology, weight specs, weight bytes and metadata, leaving no temporary files', async () => {
    const weights = Float32Array.of(1.5, -2, 3.25);
    const artifacts: tf.io.ModelArtifacts = {
      modelTopology: { class_name: 'Model', config: { name: 'm' } },
      weightSpecs: [{ name: 'w', shape: [3], dtype: 'float32' }],
      weightData: weights.buffer,
      format: 'layers-model',
      userDefinedMetadata: { shower: { pixels: 8 } },
    };
    const target = join(dir, 'a');
    const result = await fileSystemHandler(target).save?.(artifacts);
    expect(result?.modelArtifactsInfo.weightDataBytes).toBe(12);
    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await fileSystemHandler(target).load?.();
    expect(loaded?.modelTopology).toEqual(artifacts.modelTopology);
    expect(loaded?.weightSpecs).toEqual(artifacts.weightSpecs);
    expect(loaded?.userDefinedMetadata).toEqual({ shower: { pixels: 8 } });
    const bytes = tf.io.CompositeArrayBuffer.join(loaded?.weightData ?? new ArrayBuffer(0));
    expect(Array.from(new Float32Array(bytes))).toEqual([1.5, -2, 3.25]);
    const json = JSON.parse(await readFile(join(target, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    expect(json.weightsManifest).toEqual([
      { paths: ['./weights.bin'], weights: artifacts.weightSpecs },
    ]);
  });

  it('rejects a directory whose model.json is missing, not JSON, or incomplete', async () => {
    await expect(readModelJson(join(dir, 'missing'))).rejects.toMatchObject({
      code: 'BAD_MODEL_DIR',
    });
    const bad = join(dir, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'model.json'), '{ not json');
    await expect(readModelJson(bad)).rejects.toThrow(/not valid JSON/);
    await writeFile(join(bad, 'model.json'), '{"modelTopology": {}}');
    await expect(readModelJson(bad)).rejects.toThrow(/needs a modelTopology and a weightsManifest/);
  });

  it('reports missing weight files as BAD_MODEL_DIR', async () => {
    const target = join(dir, 'noweights');
    await mkdir(target);
    await writeFile(
      join(target, 'model.json'),
      JSON.stringify({
        modelTopology: {},
        weightsManifest: [{ paths: ['./weights.bin'], weights: [] }],
      }),
    );
    await expect(fileSystemHandler(target).load?.()).rejects.toMatchObject({
      code: 'BAD_MODEL_DIR',
    });
  });
});
