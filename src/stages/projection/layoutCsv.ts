// The frames CSV: one row per frame, video name, frame index, time, x, y.
export interface CsvVideo {
  name: string;
  frames: number;
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function layoutCsv(videos: readonly CsvVideo[], times: readonly Float64Array[], coords: Float32Array): string {
  const lines = ['video,frame,time_s,x,y'];
  let row = 0;
  videos.forEach((v, vi) => {
    for (let i = 0; i < v.frames; i++, row++) {
      lines.push(`${quote(v.name)},${i},${times[vi]![i]!.toFixed(3)},${coords[2 * row]!.toFixed(6)},${coords[2 * row + 1]!.toFixed(6)}`);
    }
  });
  return `${lines.join('\n')}\n`;
}
