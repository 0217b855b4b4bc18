// The notices the app shows, as plain data: a repeat is merged into the notice
// it repeats (a count, and it moves to the end as the newest); at most
// MAX_NOTICES stay, informational ones giving way first; informational ones go
// by themselves after INFO_MS, warnings stay until dismissed.

export type NoticeKind = 'info' | 'warn';

export interface Notice {
  id: number;
  text: string;
  kind: NoticeKind;
  /** how many times it was said */
  count: number;
  /** when it was last said (ms) */
  at: number;
}

export const MAX_NOTICES = 5;
export const INFO_MS = 15_000;

export function addNotice(list: readonly Notice[], text: string, kind: NoticeKind, now: number, id: number): Notice[] {
  const same = list.find((n) => n.text === text);
  const added: Notice = same ? { ...same, count: same.count + 1, at: now, kind: same.kind === 'warn' ? 'warn' : kind } : { id, text, kind, count: 1, at: now };
  const out = [...list.filter((n) => n !== same), added];
  while (out.length > MAX_NOTICES) {
    const info = out.findIndex((n) => n.kind === 'info');
    out.splice(info >= 0 && info < out.length - 1 ? info : 0, 1);
  }
  return out;
}

/** The notices still shown at `now`. */
export function liveNotices(list: readonly Notice[], now: number): Notice[] {
  return list.filter((n) => n.kind === 'warn' || now - n.at < INFO_MS);
}

/** When the next informational notice goes, or null when none will. */
export function nextExpiry(list: readonly Notice[]): number | null {
  const ends = list.filter((n) => n.kind === 'info').map((n) => n.at + INFO_MS);
  return ends.length ? Math.min(...ends) : null;
}
