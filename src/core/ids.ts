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
