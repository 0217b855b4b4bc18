import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concat } from '../../core/concat';
import { crc32 } from '../../core/crc32';
import { centralDirectory, localHeader, type ZipEntry } from './zip';

const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An archive of these files, written as the publisher does: header, bytes, …, directory. */
function archive(files: [string, Uint8Array][]): Uint8Array {
  const parts: Uint8Array[] = [];
  const entries: ZipEntry[] = [];
  let at = 0;
  const t = Date.UTC(2026, 11, 3, 12, 0, 0);
  for (const [path, bytes] of files) {
    const e = { path, size: bytes.length, crc: crc32(bytes), offset: at };
    entries.push(e);
    for (const p of [localHeader(e, t), bytes]) {
      parts.push(p);
      at += p.length;
    }
  }
  parts.push(centralDirectory(entries, at, t));
  return concat(Uint8Array, parts);
}

/** Python's zipfile as the independent reader: names, sizes, and every CRC checked. */
function pythonReads(zip: Uint8Array): { names: number; bad: string | null; first: string[]; sample: string } {
  const file = join(dir, `a${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(file, zip);
  const script = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
print(json.dumps({"names": len(names), "bad": z.testzip(), "first": names[:3], "sample": z.read(names[-1]).decode()}))`;
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as { names: number; bad: string | null; first: string[]; sample: string };
}

describe('zip', () => {
  const enc = new TextEncoder();

  it('writes an archive other tools read, with UTF-8 names and every CRC right', () => {
    const r = pythonReads(archive([
      ['index.html', enc.encode('<!doctype html>')],
      ['tiles/0/0_0.webp', new Uint8Array(1000).map((_, i) => i)],
      ['frames/0/vidéo.txt', enc.encode('ünïcode')],
    ]));
    expect(r).toEqual({ names: 3, bad: null, first: ['index.html', 'tiles/0/0_0.webp', 'frames/0/vidéo.txt'], sample: 'ünïcode' });
  });

  it('switches to ZIP64 end records past 65,535 entries', () => {
    const files: [string, Uint8Array][] = Array.from({ length: 70_000 }, (_, i) => [`f/${i}.txt`, enc.encode(String(i))]);
    const r = pythonReads(archive(files));
    expect(r.names).toBe(70_000);
    expect(r.bad).toBeNull();
    expect(r.sample).toBe('69999');
  });

  it('refuses paths that would leave the folder', () => {
    for (const path of ['/etc/x', '../x', 'a//b', '']) expect(() => localHeader({ path, size: 0, crc: 0, offset: 0 }, 0)).toThrow(RangeError);
  });
});
