// Départements → régions (2016 map, INSEE codes), to reason about the extent of regional extracts.

const REGIONS: Record<string, { name: string; departements: string[] }> = {
  '84': { name: 'Auvergne-Rhône-Alpes', departements: ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'] },
  '27': { name: 'Bourgogne-Franche-Comté', departements: ['21', '25', '39', '58', '70', '71', '89', '90'] },
  '53': { name: 'Bretagne', departements: ['22', '29', '35', '56'] },
  '24': { name: 'Centre-Val de Loire', departements: ['18', '28', '36', '37', '41', '45'] },
  '94': { name: 'Corse', departements: ['2A', '2B'] },
  '44': { name: 'Grand Est', departements: ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88'] },
  '32': { name: 'Hauts-de-France', departements: ['02', '59', '60', '62', '80'] },
  '11': { name: 'Île-de-France', departements: ['75', '77', '78', '91', '92', '93', '94', '95'] },
  '28': { name: 'Normandie', departements: ['14', '27', '50', '61', '76'] },
  '75': { name: 'Nouvelle-Aquitaine', departements: ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87'] },
  '76': { name: 'Occitanie', departements: ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82'] },
  '52': { name: 'Pays de la Loire', departements: ['44', '49', '53', '72', '85'] },
  '93': { name: "Provence-Alpes-Côte d'Azur", departements: ['04', '05', '06', '13', '83', '84'] },
  '01': { name: 'Guadeloupe', departements: ['971'] },
  '02': { name: 'Martinique', departements: ['972'] },
  '03': { name: 'Guyane', departements: ['973'] },
  '04': { name: 'La Réunion', departements: ['974'] },
  '06': { name: 'Mayotte', departements: ['976'] },
};

const BY_DEPARTEMENT = new Map(Object.entries(REGIONS).flatMap(([code, r]) => r.departements.map((d) => [d, code] as const)));

/** INSEE code of the région of a département ("60" → "32"), or null when unknown. */
export function regionOfDepartement(departement: string): string | null {
  return BY_DEPARTEMENT.get(departement) ?? null;
}

/** French name of a région ("32" → "Hauts-de-France"). */
export function regionName(code: string): string {
  return REGIONS[code]?.name ?? `région ${code}`;
}
