// TensorFlow's padding rules, made explicit for ONNX (which pads symmetrically
// unless told otherwise): "same" gives ceil(in / stride) outputs, with the
// odd pixel of padding at the end.
export interface Padding {
  begin: number;
  end: number;
  out: number;
}

export function samePadding(size: number, kernel: number, stride: number, dilation: number, same: boolean): Padding {
  const k = (kernel - 1) * dilation + 1;
  if (!same) return { begin: 0, end: 0, out: Math.floor((size - k) / stride) + 1 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + k - size, 0);
  return { begin: Math.floor(total / 2), end: total - Math.floor(total / 2), out };
}
