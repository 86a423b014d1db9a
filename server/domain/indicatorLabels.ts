// French labels and units of every indicator, for API responses, exports and legends. Pure data.
import type { CellField } from './model.ts';
import type { AreaRates } from './indicators.ts';

export interface IndicatorLabel {
  label: string;
  unit: 'habitants' | 'ménages' | '€' | 'm²' | '%' | '€/an' | 'm²/hab.' | 'carreaux';
}

/** Labels of the count fields (areal estimates). */
export const COUNT_LABELS: Record<CellField, IndicatorLabel> = {
  ind: { label: 'Habitants (estimation)', unit: 'habitants' },
  men: { label: 'Ménages fiscaux', unit: 'ménages' },
  men_pauv: { label: 'Ménages pauvres (sous 60 % du niveau de vie médian)', unit: 'ménages' },
  men_1ind: { label: "Ménages d'une personne", unit: 'ménages' },
  men_5ind: { label: 'Ménages de 5 personnes ou plus', unit: 'ménages' },
  men_prop: { label: 'Ménages propriétaires', unit: 'ménages' },
  men_fmp: { label: 'Familles monoparentales', unit: 'ménages' },
  ind_snv: { label: 'Somme des niveaux de vie winsorisés', unit: '€' },
  men_surf: { label: 'Surface cumulée des logements', unit: 'm²' },
  men_coll: { label: 'Ménages en logement collectif', unit: 'ménages' },
  men_mais: { label: 'Ménages en maison', unit: 'ménages' },
  log_av45: { label: 'Ménages en logement construit avant 1945', unit: 'ménages' },
  log_45_70: { label: 'Ménages en logement construit de 1945 à 1969', unit: 'ménages' },
  log_70_90: { label: 'Ménages en logement construit de 1970 à 1989', unit: 'ménages' },
  log_ap90: { label: 'Ménages en logement construit depuis 1990', unit: 'ménages' },
  log_inc: { label: 'Ménages en logement de date inconnue', unit: 'ménages' },
  log_soc: { label: 'Ménages en logement social', unit: 'ménages' },
  ind_0_3: { label: 'Habitants de 0 à 3 ans', unit: 'habitants' },
  ind_4_5: { label: 'Habitants de 4 à 5 ans', unit: 'habitants' },
  ind_6_10: { label: 'Habitants de 6 à 10 ans', unit: 'habitants' },
  ind_11_17: { label: 'Habitants de 11 à 17 ans', unit: 'habitants' },
  ind_18_24: { label: 'Habitants de 18 à 24 ans', unit: 'habitants' },
  ind_25_39: { label: 'Habitants de 25 à 39 ans', unit: 'habitants' },
  ind_40_54: { label: 'Habitants de 40 à 54 ans', unit: 'habitants' },
  ind_55_64: { label: 'Habitants de 55 à 64 ans', unit: 'habitants' },
  ind_65_79: { label: 'Habitants de 65 à 79 ans', unit: 'habitants' },
  ind_80p: { label: 'Habitants de 80 ans ou plus', unit: 'habitants' },
  ind_inc: { label: "Habitants d'âge inconnu", unit: 'habitants' },
};

/** Labels of the rates (fractions in the data, shown as percentages except € and m²). */
export const RATE_LABELS: Record<keyof AreaRates, IndicatorLabel> = {
  povertyRate: { label: 'Taux de pauvreté des ménages', unit: '%' },
  meanLivingStandard: { label: 'Niveau de vie moyen (winsorisé, pas la médiane du décret)', unit: '€/an' },
  socialHousingShare: { label: 'Part des ménages en logement social', unit: '%' },
  singleParentShare: { label: 'Part des familles monoparentales', unit: '%' },
  ownersShare: { label: 'Part des ménages propriétaires', unit: '%' },
  under18Share: { label: 'Part des moins de 18 ans', unit: '%' },
  over65Share: { label: 'Part des 65 ans ou plus', unit: '%' },
  surfacePerPerson: { label: 'Surface de logement par habitant', unit: 'm²/hab.' },
};

/** Labels of the quality figures that come with every estimate. */
export const QUALITY_LABELS: Record<'imputedShare' | 'inhabitantsInside' | 'inhabitantsTouching' | 'borderShare' | 'fallbackShare' | 'areaM2' | 'cellsInside' | 'cellsBorder', IndicatorLabel> = {
  imputedShare: { label: 'Part des habitants estimés vivant en carreaux imputés par l’Insee', unit: '%' },
  inhabitantsInside: { label: 'Borne basse : habitants des carreaux entièrement inclus', unit: 'habitants' },
  inhabitantsTouching: { label: 'Borne haute : habitants de tous les carreaux touchés', unit: 'habitants' },
  borderShare: { label: "Part de l'estimation venant des carreaux coupés par le contour", unit: '%' },
  fallbackShare: { label: 'Mode dasymétrique : part estimée sans bâtiment résidentiel (pondération surfacique)', unit: '%' },
  areaM2: { label: 'Surface de la zone', unit: 'm²' },
  cellsInside: { label: 'Carreaux entièrement inclus', unit: 'carreaux' },
  cellsBorder: { label: 'Carreaux coupés par le contour', unit: 'carreaux' },
};

/** Every label in one object, as sent with each indicators response. */
export function indicatorLabels(): { counts: typeof COUNT_LABELS; rates: typeof RATE_LABELS; quality: typeof QUALITY_LABELS } {
  return { counts: COUNT_LABELS, rates: RATE_LABELS, quality: QUALITY_LABELS };
}
