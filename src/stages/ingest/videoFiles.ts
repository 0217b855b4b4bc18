// Which files in a dropped folder are worth trying as videos. Files the user
// picks one by one are always tried (and get a clear error if not a video).
const VIDEO_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mov', 'qt', 'mkv', 'webm', 'avi', 'mpg', 'mpeg', 'm2v', 'ts', 'mts', 'm2ts',
  'wmv', 'asf', 'flv', '3gp', '3g2', 'ogv', 'mxf', 'dv', 'vob', 'y4m', 'nut', 'ivf', 'h264', 'hevc', 'mjpeg',
]);

export function looksLikeVideo(name: string, mime: string): boolean {
  if (mime.startsWith('video/')) return true;
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext !== undefined && VIDEO_EXTENSIONS.has(ext);
}

/** Hidden files and OS metadata that folder walks should skip. */
export const isHiddenName = (name: string): boolean => name.startsWith('.') || name === 'Thumbs.db' || name === 'desktop.ini';
