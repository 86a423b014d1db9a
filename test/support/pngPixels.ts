// Test support: pixel checks on PNGs (resvg exports), on the one PNG decoder of the browser tests.
import { decodePng as decodeRgba } from '../browser/png.ts';

/** Returns width, height, channels (always 4: RGBA) and the pixel bytes of a PNG. */
export function decodePng(png: Buffer): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const { width, height, data } = decodeRgba(png);
  return { width, height, channels: 4, pixels: data };
}

/** Returns the share (0–1) of pixels that are not (near) white. */
export function nonWhiteShare(png: Buffer): number {
  const { width, height, channels, pixels } = decodePng(png);
  let n = 0;
  for (let i = 0; i < pixels.length; i += channels) if (pixels[i] < 245 || pixels[i + 1] < 245 || pixels[i + 2] < 245) n++;
  return n / (width * height);
}
