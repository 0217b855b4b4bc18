// Thumbnail worker: decoded frames from the ingest worker's decoder loop → stored thumbnails (thumbnailMaker.ts).
// Off that loop's thread because the decoder takes its next packet only when that thread is free: drawing and
// encoding a kept 1080p frame there (~45 ms) left the decoder idle, the longer when another stage held a core.
import { serve, Transfer } from '../../rpc/workerRpc';
import { ThumbnailMaker, type ThumbnailSpec } from './thumbnailMaker';
import type { ThumbnailProtocol } from './thumbnail.protocol';

let maker: { key: string; maker: ThumbnailMaker } | null = null;

function makerFor(spec: ThumbnailSpec): ThumbnailMaker {
  const key = JSON.stringify(spec);
  if (maker?.key !== key) maker = { key, maker: new ThumbnailMaker(spec) };
  return maker.maker;
}

serve<ThumbnailProtocol>('ingest', {
  make: async ({ spec, frame }) => {
    let m: ThumbnailMaker;
    try {
      m = makerFor(spec);
    } catch (e) {
      frame.close();
      throw e;
    }
    const before = m.drawSeconds;
    try {
      const bytes = await m.make(frame);
      return new Transfer({ bytes, drawSeconds: m.drawSeconds - before }, [bytes.buffer]);
    } finally {
      if (!m.holds(frame)) frame.close();
    }
  },
});
