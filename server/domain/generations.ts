// The regulatory texts behind each generation of QPV perimeters, for legends, sources and exports.

export interface GenerationInfo {
  generation: string;
  decree: string; // French reference, for map captions
  producer: string;
}

const KNOWN: Record<string, GenerationInfo> = {
  '2015': {
    generation: '2015',
    decree: 'décrets n° 2014-1750 et 2014-1751 du 30 décembre 2014, rectifiés par le décret n° 2015-1138',
    producer: 'ANCT (ex-CGET)',
  },
  '2024': {
    generation: '2024',
    decree: 'décret n° 2023-1314 du 28 décembre 2023, modifié par le décret n° 2024-806 du 13 juillet 2024 (outre-mer : décrets n° 2024-1211 et 2024-1212)',
    producer: 'ANCT',
  },
};

/** Returns the decree and producer of a generation; a user label gets a neutral description. */
export function generationInfo(generation: string): GenerationInfo {
  return KNOWN[generation] ?? { generation, decree: `périmètres « ${generation} » importés par l'utilisateur`, producer: 'utilisateur' };
}

/** Returns the source label of a perimeter set, e.g. "ANCT, QPV 2024 (version 2024-08-20)". */
export function perimeterSourceLabel(generation: string, version: string | null): string {
  const info = generationInfo(generation);
  return `${info.producer}, QPV ${generation}${version ? ` (version ${version})` : ''}`;
}
