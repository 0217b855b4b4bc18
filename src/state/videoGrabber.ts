// Frames decoded from an original video file at given times, through a
// <video> element (the browser's own decoders, hardware ones where there are
// any): for posters at full resolution. Containers the browser cannot play
// (AVI, for one) fail at open, and the caller falls back to the stored frames.
import { coverCrop } from '../core/cover';
import { AppError } from '../core/errors';

export class VideoGrabber {
  private constructor(
    private readonly video: HTMLVideoElement,
    private readonly url: string,
  ) {}

  static async open(file: File): Promise<VideoGrabber> {
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    const url = URL.createObjectURL(file);
    const ready = new Promise<void>((resolve, reject) => {
      video.onloadeddata = () => resolve();
      video.onerror = () => reject(new AppError('unsupported-codec', 'poster', `this browser cannot play ${file.name}`));
    });
    video.src = url;
    try {
      await ready;
    } catch (e) {
      URL.revokeObjectURL(url);
      throw e;
    }
    return new VideoGrabber(video, url);
  }

  /** The frame shown at `time` s, filling w × h (scaled to cover, centred crop). */
  async grab(time: number, w: number, h: number): Promise<ImageBitmap> {
    const v = this.video;
    if (Math.abs(v.currentTime - time) > 1e-4 || v.seeking) {
      const seeked = new Promise<void>((resolve) => v.addEventListener('seeked', () => resolve(), { once: true }));
      v.currentTime = time;
      await seeked;
    }
    const c = coverCrop(v.videoWidth, v.videoHeight, w, h);
    return createImageBitmap(v, c.sx, c.sy, c.sw, c.sh, { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
  }

  close(): void {
    this.video.removeAttribute('src');
    this.video.load();
    URL.revokeObjectURL(this.url);
  }
}
