// The slice of the Keras functional-model JSON the converter reads.
export interface KerasLayer {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  /** Keras 2 format: one list per call; each entry [layer, nodeIndex, tensorIndex, kwargs] */
  inbound_nodes: [string, number, number, unknown?][][];
}

export interface KerasModelJson {
  class_name: string;
  config: { name: string; layers: KerasLayer[]; input_layers: [string, number, number][]; output_layers: [string, number, number][] };
}

/** Layers the named layer depends on, itself included, in file (= topological) order. */
export function ancestors(layers: readonly KerasLayer[], target: string): KerasLayer[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  if (!byName.has(target)) throw new Error(`no layer named ${target}`);
  const need = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const n = stack.pop()!;
    if (need.has(n)) continue;
    need.add(n);
    for (const [src] of byName.get(n)!.inbound_nodes[0] ?? []) stack.push(src);
  }
  return layers.filter((l) => need.has(l.name));
}

export const inputsOf = (l: KerasLayer): string[] => (l.inbound_nodes[0] ?? []).map(([src]) => src);
