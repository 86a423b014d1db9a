// Minimal types for the `shapefile` package (it ships none).
declare module 'shapefile' {
  import type { Feature, Geometry } from 'geojson';
  export interface Source {
    bbox: number[];
    read(): Promise<{ done: boolean; value: Feature<Geometry | null, Record<string, unknown>> }>;
    cancel(): Promise<void>;
  }
  export function open(shp: string | ArrayBuffer | Uint8Array, dbf?: string | ArrayBuffer | Uint8Array, options?: { encoding?: string }): Promise<Source>;
}
