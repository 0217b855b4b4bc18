// Real photographs from Debian's wallpaper packages (mate-backgrounds,
// ukui-wallpapers), cut into several views per scene with the system ffmpeg:
// the ground truth for "do the features mean something?".
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PHOTO_PACKAGES = 'mate-backgrounds ukui-wallpapers';

const PHOTOS = [
  '/usr/share/backgrounds/mate/nature/Aqua.jpg', '/usr/share/backgrounds/mate/nature/Blinds.jpg',
  '/usr/share/backgrounds/mate/nature/Dune.jpg', '/usr/share/backgrounds/mate/nature/FreshFlower.jpg',
  '/usr/share/backgrounds/mate/nature/Garden.jpg', '/usr/share/backgrounds/mate/nature/GreenMeadow.jpg',
  '/usr/share/backgrounds/mate/nature/LadyBird.jpg', '/usr/share/backgrounds/mate/nature/RainDrops.jpg',
  '/usr/share/backgrounds/mate/nature/Storm.jpg', '/usr/share/backgrounds/mate/nature/TwoWings.jpg',
  '/usr/share/backgrounds/mate/nature/Wood.jpg', '/usr/share/backgrounds/mate/nature/YellowFlower.jpg',
  '/usr/share/backgrounds/mate/abstract/Elephants.jpg', '/usr/share/backgrounds/calla.png',
  '/usr/share/backgrounds/city.png', '/usr/share/backgrounds/desert.png', '/usr/share/backgrounds/goldfish.png',
  '/usr/share/backgrounds/the-mouse.jpg',
];

export function availablePhotos(): string[] {
  return PHOTOS.filter((p) => existsSync(p));
}

/** Other photographs and graphics of the same packages, never used for scoring: int8 calibration (decision 0010). */
const CALIBRATION = [
  '/usr/share/backgrounds/2004default.jpg', '/usr/share/backgrounds/rhythm.jpg', '/usr/share/backgrounds/string.jpg',
  '/usr/share/backgrounds/firstgeneration.jpg', '/usr/share/backgrounds/fluent-color.png',
  '/usr/share/backgrounds/focal-ubuntukylin.png', '/usr/share/backgrounds/rollpaper.png',
  '/usr/share/backgrounds/mate/desktop/GreenTraditional.jpg', '/usr/share/backgrounds/mate/abstract/Silk.png',
  '/usr/share/backgrounds/mate/abstract/Flow.png', '/usr/share/backgrounds/mate/abstract/Spring.png',
  '/usr/share/backgrounds/mate/abstract/Waves.png',
];

/** Three square views of each calibration image (left, right, a closer middle), as the app crops wide frames. */
export function calibrationViews(size: number): Float32Array[] {
  const present = CALIBRATION.filter((p) => existsSync(p));
  if (present.length < CALIBRATION.length) throw new Error(`int8 calibration needs the photo packages: apt-get install ${PHOTO_PACKAGES}`);
  return present.flatMap((path) => ['crop=ih:ih:0:0', 'crop=ih:ih:iw-ih:0', 'crop=ih*0.6:ih*0.6:iw*0.3:ih*0.2'].map((vf) => rgb(path, `${vf},scale=${size}:${size}:flags=area`)));
}

function rgb(path: string, vf: string): Float32Array {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-vf', vf, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 26 });
  return Float32Array.from(raw);
}

/** Views of one photo: overlapping crops of ~55 % of the width at different places, one mirrored, one brighter. */
const VIEWS = [
  'crop=iw*0.55:ih*0.55:0:0',
  'crop=iw*0.55:ih*0.55:iw*0.45:ih*0.45',
  'crop=iw*0.6:ih*0.6:iw*0.2:ih*0.25,hflip',
  'crop=iw*0.5:ih*0.5:iw*0.3:ih*0.1,eq=brightness=0.08',
];

export const VIEWS_PER_PHOTO = VIEWS.length;

/** RGB bytes (NHWC, 0–255) of each view, square and resized to the model input. */
export function photoViews(path: string, size: number): Float32Array[] {
  return VIEWS.map((vf) => rgb(path, `${vf},crop=min(iw\\,ih):min(iw\\,ih),scale=${size}:${size}:flags=area`));
}
