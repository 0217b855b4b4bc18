// Which tfjs backend trains the layout: WebGPU on a hardware adapter; on a
// software adapter or none, whichever of the available ones multiplies
// matrices fastest here (measured, not guessed).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

async function timeMatmul(backend: string): Promise<number> {
  if (!(await tf.setBackend(backend).catch(() => false))) return Infinity;
  await tf.ready();
  const a = tf.randomNormal([384, 384]);
  const run = async () => {
    const c = tf.matMul(a, a);
    await c.data();
    c.dispose();
  };
  await run(); // compile shaders
  const t0 = performance.now();
  for (let i = 0; i < 4; i++) await run();
  a.dispose();
  return performance.now() - t0;
}

export async function pickBackend(gpu: { adapter: boolean; fallback: boolean }): Promise<string> {
  if (gpu.adapter && !gpu.fallback && (await tf.setBackend('webgpu').catch(() => false))) return 'webgpu';
  const candidates = ['webgl', 'cpu', ...(gpu.adapter ? ['webgpu'] : [])];
  let best = 'cpu';
  let bestMs = Infinity;
  for (const b of candidates) {
    const ms = await timeMatmul(b).catch(() => Infinity);
    if (ms < bestMs) [best, bestMs] = [b, ms];
  }
  await tf.setBackend(best);
  return best;
}
