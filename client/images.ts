// Raster images the style needs (hatch patterns, facility symbols), drawn on a canvas at start-up
// because the default style is offline: no sprite server.
import { COLORS, FACILITY_SYMBOLS } from './layers.ts';

export interface RasterImage { width: number; height: number; data: Uint8Array }

function draw(size: number, paint: (ctx: CanvasRenderingContext2D) => void): RasterImage {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  paint(ctx);
  return { width: size, height: size, data: new Uint8Array(ctx.getImageData(0, 0, size, size).data.buffer) };
}

/** Returns a diagonal hatch tile (size px) in `color` over a translucent `background`. */
export function hatch(color: string, background: string | null, size = 8, width = 1.5): RasterImage {
  return draw(size, (ctx) => {
    if (background) { ctx.fillStyle = background; ctx.fillRect(0, 0, size, size); }
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    // three strokes so the diagonal is seamless across tile edges
    for (const o of [-size, 0, size]) { ctx.moveTo(o, size); ctx.lineTo(o + size, 0); }
    ctx.stroke();
  });
}

/** Returns a facility symbol (shape of the group, white outline) as an image of `size` px. */
export function facilitySymbol(shape: string, color: string, size = 18): RasterImage {
  return draw(size, (ctx) => {
    const c = size / 2, r = size / 2 - 2.5;
    ctx.fillStyle = color;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    const poly = (pts: [number, number][]) => { pts.forEach(([x, y], i) => (i ? ctx.lineTo(c + x * r, c + y * r) : ctx.moveTo(c + x * r, c + y * r))); ctx.closePath(); };
    switch (shape) {
      case 'square': poly([[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]]); break;
      case 'triangle': poly([[0, -1], [1, 0.8], [-1, 0.8]]); break;
      case 'triangleDown': poly([[-1, -0.8], [1, -0.8], [0, 1]]); break;
      case 'diamond': poly([[0, -1], [1, 0], [0, 1], [-1, 0]]); break;
      case 'cross': poly([[-0.33, -1], [0.33, -1], [0.33, -0.33], [1, -0.33], [1, 0.33], [0.33, 0.33], [0.33, 1], [-0.33, 1], [-0.33, 0.33], [-1, 0.33], [-1, -0.33], [-0.33, -0.33]]); break;
      case 'hexagon': poly(Array.from({ length: 6 }, (_, i) => [Math.cos((i * Math.PI) / 3), Math.sin((i * Math.PI) / 3)] as [number, number])); break;
      case 'star': poly(Array.from({ length: 10 }, (_, i) => { const a = -Math.PI / 2 + (i * Math.PI) / 5, rr = i % 2 ? 0.45 : 1; return [rr * Math.cos(a), rr * Math.sin(a)] as [number, number]; })); break;
      case 'ring': ctx.arc(c, c, r, 0, Math.PI * 2); ctx.stroke(); ctx.fill(); ctx.beginPath(); ctx.fillStyle = '#ffffff'; ctx.arc(c, c, r * 0.45, 0, Math.PI * 2); ctx.fill(); return;
      default: ctx.arc(c, c, r, 0, Math.PI * 2);
    }
    ctx.stroke();
    ctx.fill();
  });
}

/** Returns every named image of the style: `hatch-secret`, `hatch-gained`, `fac-<group>`. */
export function styleImages(): Record<string, RasterImage> {
  const out: Record<string, RasterImage> = {
    'hatch-secret': hatch('#7a7a7a', 'rgba(220,220,220,0.55)'),
    'hatch-gained': hatch(COLORS.green, 'rgba(0,158,115,0.12)', 8, 2),
  };
  for (const [group, s] of Object.entries(FACILITY_SYMBOLS)) out[`fac-${group}`] = facilitySymbol(s.shape, s.color);
  return out;
}
