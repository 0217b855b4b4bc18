// Branded primitives: a VideoId cannot be passed where a file name is expected.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Content fingerprint prefix: the same bytes always get the same id. */
export type VideoId = Brand<string, 'VideoId'>;
export type Seconds = Brand<number, 'Seconds'>;

export interface FrameRef {
  video: VideoId;
  index: number;
}

export const asVideoId = (s: string): VideoId => s as VideoId;
export const seconds = (n: number): Seconds => n as Seconds;

/** A video's first-look frames are stored as a video of their own beside it (`<id>~look`), until its layout rows replace them. */
export const lookId = (id: VideoId): VideoId => `${id}~look` as VideoId;
/** The video a first-look id belongs to, or null for a video's own id. */
export const lookOwner = (id: string): VideoId | null => (id.endsWith('~look') ? (id.slice(0, -5) as VideoId) : null);
