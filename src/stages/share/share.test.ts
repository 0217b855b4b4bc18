import { describe, expect, it } from 'vitest';
import { concat } from '../../core/concat';
import { crc32 } from '../../core/crc32';
import { BLOCK, padding, readTarHeader, tarEnd, tarHeader, TarError } from './tar';
import { decodeKv, encodeKv, headProblem, manifestProblem, mergePlan, safePath, travels, videoOfPath, HEAD_PATH, MANIFEST_PATH, BUNDLE_FORMAT } from './bundleFormat';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const enc = new TextEncoder();

/** A whole archive in memory, as the export worker writes it chunk by chunk. */
function archive(files: [string, Uint8Array][]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [path, data] of files) parts.push(tarHeader({ path, size: data.length }, 1_700_000_000), data, new Uint8Array(padding(data.length)));
  parts.push(tarEnd());
  return concat(Uint8Array, parts);
}

describe('crc32', () => {
  it('matches the standard check value and runs chunk by chunk', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const all = enc.encode('frames of a video, streamed in parts');
    expect(crc32(all.subarray(7), crc32(all.subarray(0, 7)))).toBe(crc32(all));
  });
});

describe('tar', () => {
  it('reads back what it writes, long paths through the prefix', () => {
    const long = `opfs/videos/${'a'.repeat(64)}~look/${'features-inceptionv3-int8'.repeat(3)}.f16`;
    for (const path of ['kv.json', long]) {
      const e = readTarHeader(tarHeader({ path, size: 12345 }));
      expect(e).toEqual({ path, size: 12345 });
    }
    expect(readTarHeader(new Uint8Array(BLOCK))).toBeNull();
    expect(padding(0)).toBe(0);
    expect(padding(1)).toBe(511);
    expect(padding(512)).toBe(0);
  });

  it('refuses a damaged or foreign header', () => {
    const h = tarHeader({ path: 'kv.json', size: 3 });
    h[3] = h[3]! ^ 1;
    expect(() => readTarHeader(h)).toThrow(TarError);
    expect(() => readTarHeader(crypto.getRandomValues(new Uint8Array(BLOCK)))).toThrow(TarError);
    expect(() => readTarHeader(new Uint8Array(100))).toThrow(/ends inside/);
  });

  it('is an archive the system tar lists and extracts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    const data = crypto.getRandomValues(new Uint8Array(1000));
    const long = `opfs/videos/${'b'.repeat(64)}/${'c'.repeat(90)}.pack`;
    writeFileSync(join(dir, 'x.atlas'), archive([['frame-atlas.json', enc.encode('{}')], [long, data]]));
    const list = spawnSync('tar', ['-tf', 'x.atlas'], { cwd: dir, encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual(['frame-atlas.json', long]);
    expect(spawnSync('tar', ['-xf', 'x.atlas'], { cwd: dir }).status).toBe(0);
    expect(new Uint8Array(readFileSync(join(dir, long)))).toEqual(data);
  });
});

describe('bundle format', () => {
  it('takes the project files, not caches, exports or file handles', () => {
    expect(travels('videos/abc/frames.pack')).toBe(true);
    expect(travels('layouts/current.f32')).toBe(true);
    expect(travels('models/xception.onnx')).toBe(true);
    expect(travels('tiles/k/0/1/2.webp')).toBe(false);
    expect(travels('exports/poster.png')).toBe(false);
    const kv = JSON.parse(encodeKv([['video:a', { name: 'a.mp4' }], ['handle:a', { kind: 'file' }], ['setting:x', 1]])) as object;
    expect(Object.keys(kv)).toEqual(['video:a', 'setting:x']);
  });

  it('writes metadata as JSON and reads it back, typed arrays included', () => {
    const entries: [string, unknown][] = [['setting:atlas', { view: { zoom: 1.5 }, v: Float32Array.from([1.5, -2]), n: null }], ['video:a', { frames: 3 }]];
    const back = decodeKv(encodeKv(entries));
    expect(back).toEqual(entries);
    expect((back[0]![1] as { v: Float32Array }).v).toBeInstanceOf(Float32Array);
    expect(() => encodeKv([['setting:d', new Date()]])).toThrow(/Date/);
  });

  it('refuses paths that would leave the project', () => {
    for (const bad of ['', '/etc/x', 'videos/../../x', 'videos//x', './x']) expect(safePath(bad), bad).toBe(false);
    expect(safePath('videos/a/frames.pack')).toBe(true);
  });

  it('judges the head and the manifest', () => {
    expect(headProblem({ format: BUNDLE_FORMAT, version: 1 })).toBeNull();
    expect(headProblem({ format: 'zip' })).toMatch(/not a Frame Atlas bundle/);
    expect(headProblem({ format: BUNDLE_FORMAT, version: 9 })).toMatch(/newer/);
    const parts = [{ path: 'kv.json', size: 10, crc32: 5 }, { path: 'opfs/videos/a/frames.pack', size: 100, crc32: 7 }];
    const seen = [{ path: HEAD_PATH, size: 1, crc32: 1 }, ...parts, { path: MANIFEST_PATH, size: 1, crc32: 1 }];
    expect(manifestProblem(seen, { entries: parts })).toBeNull();
    expect(manifestProblem(seen, { entries: [parts[0]!, { ...parts[1]!, crc32: 8 }] })).toMatch(/damaged/);
    expect(manifestProblem(seen, { entries: [parts[0]!, { ...parts[1]!, size: 99 }] })).toMatch(/99/);
    expect(manifestProblem(seen.slice(0, 2), { entries: parts })).toMatch(/1 part is missing/);
    expect(manifestProblem(seen, { entries: [parts[0]!] })).toMatch(/does not list/);
    expect(manifestProblem(seen, null)).toMatch(/unreadable/);
  });

  it('merges in the videos the library lacks, with their looks, and models it lacks', () => {
    const kv: [string, unknown][] = [['video:a', { id: 'a' }], ['video:b', { id: 'b' }], ['setting:atlas', {}]];
    const plan = mergePlan(kv, new Set(['a']), new Set(['mine.onnx']));
    expect(plan.added).toEqual(['b']);
    expect(plan.duplicates).toEqual(['a']);
    expect(plan.kv).toEqual([['video:b', { id: 'b' }]]);
    expect(videoOfPath('videos/b~look/frames.pack')).toBe('b');
    expect(['videos/b/frames.pack', 'videos/b~look/frames.idx', 'videos/a/frames.pack', 'layouts/current.f32', 'models/mine.onnx', 'models/x.onnx'].filter(plan.files))
      .toEqual(['videos/b/frames.pack', 'videos/b~look/frames.idx', 'models/x.onnx']);
  });
});
