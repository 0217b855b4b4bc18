// Reads ffmpeg's log: timestamps of kept frames, fatal errors, decode damage.
import { AppError } from '../../core/errors';

const SHOWINFO = /Parsed_showinfo.*\bn:\s*\d+\s.*\bpts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/;

/** pts_time of a kept frame from a showinfo line, else null. */
export function showinfoTime(line: string): number | null {
  const m = SHOWINFO.exec(line);
  return m ? Number(m[1]) : null;
}

export interface DecodeStats {
  /** packets the demuxer read from the video stream (AVI's empty "dropped frame" chunks included) */
  packets: number;
  /** pictures the decoder produced */
  frames: number;
}

const STATS = /Input stream #\d+:\d+ \(video\): (\d+) packets read \(\d+ bytes\); (\d+) frames decoded/;

/** The closing statistics of a verbose ffmpeg run for the decoded video stream, else null. */
export function decodeStats(line: string): DecodeStats | null {
  const m = STATS.exec(line);
  return m ? { packets: Number(m[1]), frames: Number(m[2]) } : null;
}

const FATAL: [RegExp, AppError['code'], (name: string, line: string) => string][] = [
  [/moov atom not found/i, 'truncated', (n) => `${n} is truncated or unfinished (moov atom not found)`],
  [/Invalid data found when processing input/i, 'not-video', (n) => `${n} is not a video ffmpeg can read (invalid data)`],
  [/(Decoder \(codec \w+\) not found|Unknown decoder|Unsupported codec)/i, 'unsupported-codec', (n, l) => `${n}: unsupported codec (${l.trim()})`],
  [/No space left on device|QuotaExceeded/i, 'quota', (n) => `storage is full while writing frames of ${n}`],
  [/does not contain any stream|Output file .* does not contain any stream/i, 'no-video-stream', (n) => `${n} has no video stream`],
];

/** The most telling fatal error in a log, or null. */
export function fatalError(lines: readonly string[], fileName: string): AppError | null {
  for (const [re, code, msg] of FATAL) {
    const line = lines.find((l) => re.test(l));
    if (line !== undefined) return new AppError(code, 'ingest', msg(fileName, line));
  }
  return null;
}

const DAMAGE = /(partial file|Invalid NAL|error while decoding|corrupt|truncat|concealing|Error submitting packet|Invalid data|moov atom|Packet mismatch|missing picture|Error while decoding|EBML header parsing failed|Read error)/i;

/** Lines that say the file is damaged; a video with frames and such lines is "partial". */
export function damageLines(lines: readonly string[]): string[] {
  return lines.filter((l) => DAMAGE.test(l) && !SHOWINFO.test(l));
}

/** Strip ffmpeg's "[h264 @ 0x1234] " prefix for a readable reason. */
export function tidyLogLine(line: string): string {
  return line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').trim();
}
