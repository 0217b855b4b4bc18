// PCA's matrix products as three tiny ONNX graphs run by onnxruntime-web: on
// WebAssembly that is MLAS's SIMD GEMM on every thread the worker was given
// (~45 GFLOP/s on 2 cores here, against ~2 for tfjs on a software WebGL and
// ~6 for tfjs' WebAssembly backend); on WebGPU its GPU kernels. The worker
// passes in its configured `ort` module, so Node tests run the same code.
import type * as Ort from 'onnxruntime-web';
import { OnnxGraph, type GraphValue } from '../onnx/onnxGraph';
import type { GpuProbe } from '../gpuProbe';
import { LoopProducts, type Products } from './products';

export type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;
export type OrtProvider = 'wasm' | 'webgpu';

type Kind = 'times' | 'gramTimes' | 'gram';

/** x (m×d) − mu (d), then the kind's products; every size is dynamic so one session serves every chunk. */
export function productGraph(kind: Kind): Uint8Array {
  const g = new OnnxGraph();
  ['x', 'mu', 'w'].forEach((n) => g.unique(n));
  const xc = g.node('Sub', ['x', 'mu'], {}, 'xc');
  const inputs: GraphValue[] = [{ name: 'x', dims: ['m', 'd'] }, { name: 'mu', dims: ['d'] }];
  let outputs: GraphValue[];
  if (kind === 'gram') {
    outputs = [{ name: g.node('Gemm', [xc, xc], { transA: 1 }, 'z'), dims: ['d', 'd'] }];
  } else {
    inputs.push({ name: 'w', dims: ['d', 'k'] });
    const y = g.node('MatMul', [xc, 'w'], {}, 'y');
    outputs = [{ name: y, dims: ['m', 'k'] }];
    if (kind === 'gramTimes') outputs.push({ name: g.node('Gemm', [xc, y], { transA: 1 }, 'z'), dims: ['d', 'k'] });
  }
  return g.encode(inputs, outputs, {}, `pca_${kind}`);
}

export class OrtProducts implements Products {
  private readonly sessions: Map<Kind, Promise<Ort.InferenceSession>>;

  /** `from`: an engine whose sessions this one takes over (e.g. the measured one, renamed with its figure). */
  constructor(readonly ort: OrtModule, readonly provider: OrtProvider, readonly name: string, from?: OrtProducts) {
    this.sessions = from?.sessions ?? new Map();
  }

  private session(kind: Kind): Promise<Ort.InferenceSession> {
    let s = this.sessions.get(kind);
    if (!s) {
      s = this.ort.InferenceSession.create(productGraph(kind), {
        executionProviders: [this.provider], graphOptimizationLevel: 'all', logSeverityLevel: 3,
        // Between runs this thread reads and decodes the next chunk: pool threads spinning meanwhile would take its core.
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
      this.sessions.set(kind, s);
    }
    return s;
  }

  private async run(kind: Kind, feeds: Record<string, [Float32Array, number[]]>): Promise<Float32Array[]> {
    const s = await this.session(kind);
    const tensors = Object.fromEntries(Object.entries(feeds).map(([k, [data, dims]]) => [k, new this.ort.Tensor('float32', data, dims)]));
    const out = await s.run(tensors);
    // getData(true) downloads a GPU output and frees its buffer; a CPU output's data is already ours.
    return Promise.all(s.outputNames.map(async (n) => (await out[n]!.getData(true)) as Float32Array));
  }

  async times(x: Float32Array, m: number, mu: Float32Array, w: Float32Array, k: number): Promise<Float32Array> {
    const d = mu.length;
    const [y] = await this.run('times', { x: [x.subarray(0, m * d), [m, d]], mu: [mu, [d]], w: [w, [d, k]] });
    return y!;
  }

  async gramTimes(x: Float32Array, m: number, mu: Float32Array, q: Float32Array, k: number): Promise<{ y: Float32Array; z: Float32Array }> {
    const d = mu.length;
    const [y, z] = await this.run('gramTimes', { x: [x.subarray(0, m * d), [m, d]], mu: [mu, [d]], w: [q, [d, k]] });
    return { y: y!, z: z! };
  }

  async gram(x: Float32Array, m: number, mu: Float32Array): Promise<Float32Array> {
    const d = mu.length;
    const [z] = await this.run('gram', { x: [x.subarray(0, m * d), [m, d]], mu: [mu, [d]] });
    return z!;
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(async (s) => (await s.catch(() => null))?.release()));
  }
}

/** GFLOP/s of one chunk's covariance product at the real sizes (after a warm-up run, which compiles and allocates). */
export async function measureProducts(p: Products, d: number, k: number, m = 512): Promise<number> {
  const x = Float32Array.from({ length: m * d }, (_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5);
  const q = Float32Array.from({ length: d * k }, (_, i) => ((i * 40503) % 997) / 997 - 0.5);
  const mu = new Float32Array(d);
  await p.gramTimes(x, m, mu, q, k);
  const t0 = performance.now();
  await p.gramTimes(x, m, mu, q, k);
  return (4 * m * d * k) / ((performance.now() - t0) * 1e6);
}

/**
 * The fastest place for these products here: onnxruntime-web on WebAssembly threads, or on WebGPU where the adapter
 * is real hardware and measures faster at the real sizes (d×k). The plain loops are the last resort (nothing loads).
 * `gpuOrt` gives the build that runs WebGPU sessions (core/ortRuntime: not the CPU one).
 */
export async function chooseProducts(ort: OrtModule & { env: typeof Ort.env }, gpu: Pick<GpuProbe, 'adapter' | 'fallback'>, d: number, k: number, gpuOrt: () => Promise<OrtModule> = async () => ort): Promise<Products> {
  const threads = ort.env.wasm.numThreads ?? 1;
  const candidates = [new OrtProducts(ort, 'wasm', `WebAssembly ×${threads} thread${threads === 1 ? '' : 's'}`)];
  const gpuBuild = gpu.adapter && !gpu.fallback ? await gpuOrt().catch(() => null) : null;
  if (gpuBuild) candidates.push(new OrtProducts(gpuBuild, 'webgpu', 'WebGPU'));
  let best: { p: OrtProducts; rate: number } | null = null;
  for (const p of candidates) {
    const rate = await measureProducts(p, d, k).catch(() => 0);
    if (rate > (best?.rate ?? 0)) best = { p, rate };
  }
  await Promise.all(candidates.filter((p) => p !== best?.p).map((p) => p.dispose()));
  if (!best) return new LoopProducts();
  return new OrtProducts(best.p.ort, best.p.provider, `${best.p.name} (${best.rate.toFixed(0)} GFLOP/s)`, best.p);
}
