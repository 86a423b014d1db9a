// Sequential palettes for the choropleth (ColorBrewer / viridis, readable by colour-blind users and in greyscale).

export interface Palette {
  id: string;
  label: string; // French
  colors: string[]; // 9 colours, light to dark
}

/** Every palette, in picker order. */
export const PALETTES: Palette[] = [
  { id: 'orrd', label: 'Orange-rouge', colors: ['#fff7ec', '#fee8c8', '#fdd49e', '#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#b30000', '#7f0000'] },
  { id: 'purples', label: 'Violets', colors: ['#fcfbfd', '#efedf5', '#dadaeb', '#bcbddc', '#9e9ac8', '#807dba', '#6a51a3', '#54278f', '#3f007d'] },
  { id: 'ylgnbu', label: 'Jaune-vert-bleu', colors: ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'] },
  { id: 'viridis', label: 'Viridis', colors: ['#fde725', '#b5de2b', '#6ece58', '#35b779', '#1f9e89', '#26828e', '#31688e', '#3e4989', '#482878'] },
  { id: 'greys', label: 'Gris (impression N&B)', colors: ['#ffffff', '#f0f0f0', '#d9d9d9', '#bdbdbd', '#969696', '#737373', '#525252', '#252525', '#000000'] },
];

/** Returns `k` colours of a palette, evenly picked from light to dark (unknown id → first palette). */
export function paletteColors(id: string, k: number): string[] {
  const p = PALETTES.find((x) => x.id === id) ?? PALETTES[0];
  if (k <= 1) return [p.colors[4]];
  return Array.from({ length: k }, (_, i) => p.colors[Math.round(1 + (i * (p.colors.length - 2)) / (k - 1))]);
}
