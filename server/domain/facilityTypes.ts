// Facility types: INSEE BPE TYPEQU codes, school-list natures and user points → French label,
// map group and symbol key. Pure data and lookups.
//
// The BPE table follows INSEE's published "nomenclature des équipements" of the Base permanente
// des équipements: the 2013–2022 vintages (codes documented in INSEE's 2013 files, with the
// sports codes as revised from 2015) and the 2023+ nomenclature, which recoded schools
// (C101/C102/C104/C105 → C107 maternelle, C108 primaire, C109 élémentaire) and pharmacies
// (D301 → D307). Only codes we are confident of are listed; any other code still resolves,
// as "Équipement (code X)" in the group `autre`, so nothing is ever dropped for lack of a label.

export interface FacilityGroup {
  key: string;
  label: string; // French, for legends
  symbol: string; // default map symbol key of the group
}

export interface FacilityTypeInfo {
  code: string;
  label: string; // French
  group: string; // a FacilityGroup key
  groupLabel: string; // French
  symbol: string; // map symbol key
}

/** Map groups, in legend order, with French labels and default symbol keys. */
export const FACILITY_GROUPS: readonly FacilityGroup[] = [
  { key: 'enseignement', label: 'Enseignement', symbol: 'school' },
  { key: 'sante', label: 'Santé', symbol: 'health' },
  { key: 'social', label: 'Action sociale, petite enfance', symbol: 'social' },
  { key: 'sport', label: 'Sport', symbol: 'sport' },
  { key: 'culture', label: 'Culture, loisirs, tourisme', symbol: 'culture' },
  { key: 'services-publics', label: 'Services publics', symbol: 'public-service' },
  { key: 'commerce', label: 'Commerces et services marchands', symbol: 'shop' },
  { key: 'transport', label: 'Transports', symbol: 'transport' },
  { key: 'autre', label: 'Autres équipements', symbol: 'other' },
];

const GROUP_BY_KEY = new Map(FACILITY_GROUPS.map((g) => [g.key, g]));

/** First BPE vintage using the 2023 nomenclature (schools C107–C109, pharmacy D307). */
export const BPE_NOMENCLATURE_2023 = 2023;
/** Last BPE vintage with the 2013 sports codes (F111 "plateau extérieur ou salle multisports"...). */
const BPE_SPORTS_2013_UNTIL = 2014;

/** [label, group, symbol?]; without a symbol the group's symbol is used. */
type Entry = readonly [string, string, string?];

// Codes valid in every vintage we cover (same meaning throughout).
const BPE_COMMON: Record<string, Entry> = {
  // A — services aux particuliers
  A101: ['Police', 'services-publics', 'police'],
  A104: ['Gendarmerie', 'services-publics', 'police'],
  A105: ["Cour d'appel", 'services-publics', 'justice'],
  A106: ['Tribunal judiciaire', 'services-publics', 'justice'],
  A107: ['Tribunal de proximité', 'services-publics', 'justice'],
  A108: ["Conseil de prud'hommes", 'services-publics', 'justice'],
  A109: ['Tribunal de commerce', 'services-publics', 'justice'],
  A115: ['Maison de justice et du droit', 'services-publics', 'justice'],
  A119: ['Antenne de justice', 'services-publics', 'justice'],
  A120: ["Conseil départemental de l'accès au droit", 'services-publics', 'justice'],
  A128: ['Espace France Services', 'services-publics', 'france-services'],
  A129: ['Mairie', 'services-publics', 'townhall'],
  A203: ["Banque, caisse d'épargne", 'commerce', 'bank'],
  A205: ['Services funéraires', 'commerce'],
  A206: ['Bureau de poste', 'services-publics', 'post'],
  A207: ['Relais poste', 'services-publics', 'post'],
  A208: ['Agence postale', 'services-publics', 'post'],
  A301: ['Réparation automobile et de matériel agricole', 'commerce'],
  A302: ['Contrôle technique automobile', 'commerce'],
  A303: ["Location d'automobiles et d'utilitaires légers", 'commerce'],
  A304: ['École de conduite', 'commerce'],
  A401: ['Maçon', 'autre', 'craft'],
  A402: ['Plâtrier, peintre', 'autre', 'craft'],
  A403: ['Menuisier, charpentier, serrurier', 'autre', 'craft'],
  A404: ['Plombier, couvreur, chauffagiste', 'autre', 'craft'],
  A405: ['Électricien', 'autre', 'craft'],
  A406: ['Entreprise générale du bâtiment', 'autre', 'craft'],
  A501: ['Coiffure', 'commerce'],
  A502: ['Vétérinaire', 'commerce'],
  A503: ['Agence de travail temporaire', 'commerce'],
  A504: ['Restaurant', 'commerce', 'restaurant'],
  A505: ['Agence immobilière', 'commerce'],
  A506: ['Pressing, laverie automatique', 'commerce'],
  A507: ['Institut de beauté, onglerie', 'commerce'],
  // B — commerces
  B101: ['Hypermarché', 'commerce', 'supermarket'],
  B102: ['Supermarché', 'commerce', 'supermarket'],
  B103: ['Grande surface de bricolage', 'commerce'],
  B201: ['Supérette', 'commerce', 'grocery'],
  B202: ['Épicerie', 'commerce', 'grocery'],
  B203: ['Boulangerie', 'commerce', 'bakery'],
  B204: ['Boucherie, charcuterie', 'commerce'],
  B205: ['Produits surgelés', 'commerce'],
  B206: ['Poissonnerie', 'commerce'],
  B301: ['Librairie, papeterie, journaux', 'commerce'],
  B302: ['Magasin de vêtements', 'commerce'],
  B303: ["Magasin d'équipements du foyer", 'commerce'],
  B304: ['Magasin de chaussures', 'commerce'],
  B305: ["Magasin d'électroménager et de matériel audio-vidéo", 'commerce'],
  B306: ['Magasin de meubles', 'commerce'],
  B307: ["Magasin d'articles de sports et de loisirs", 'commerce'],
  B308: ['Magasin de revêtements murs et sols', 'commerce'],
  B309: ['Droguerie, quincaillerie, bricolage', 'commerce'],
  B310: ['Parfumerie', 'commerce'],
  B311: ['Horlogerie, bijouterie', 'commerce'],
  B312: ['Fleuriste', 'commerce'],
  B313: ["Magasin d'optique", 'commerce'],
  // C — enseignement (second degré and beyond: stable codes)
  C201: ['Collège', 'enseignement', 'college'],
  C301: ["Lycée d'enseignement général et/ou technologique", 'enseignement', 'lycee'],
  C302: ["Lycée d'enseignement professionnel", 'enseignement', 'lycee'],
  C303: ['Lycée technique et/ou professionnel agricole', 'enseignement', 'lycee'],
  C304: ["Section d'enseignement général et technologique (SGT)", 'enseignement', 'lycee'],
  C305: ["Section d'enseignement professionnel (SEP)", 'enseignement', 'lycee'],
  C401: ['Section de technicien supérieur, classe préparatoire aux grandes écoles', 'enseignement', 'higher-education'],
  C402: ['Formation santé', 'enseignement', 'higher-education'],
  C403: ['Formation commerce', 'enseignement', 'higher-education'],
  C409: ['Autre formation post-bac non universitaire', 'enseignement', 'higher-education'],
  C501: ['Unité de formation et de recherche (UFR)', 'enseignement', 'higher-education'],
  C502: ['Institut universitaire', 'enseignement', 'higher-education'],
  C503: ["École d'ingénieurs", 'enseignement', 'higher-education'],
  C504: ['Enseignement général supérieur privé', 'enseignement', 'higher-education'],
  C509: ['Autre enseignement supérieur', 'enseignement', 'higher-education'],
  C601: ["Centre de formation d'apprentis (CFA)", 'enseignement', 'training'],
  C602: ['GRETA', 'enseignement', 'training'],
  C603: ['Centre de formation professionnelle et de promotion agricole (CFPPA)', 'enseignement', 'training'],
  C604: ['Formation aux métiers du sport', 'enseignement', 'training'],
  C605: ["Centre de formation d'apprentis agricole", 'enseignement', 'training'],
  C609: ['Autre formation continue', 'enseignement', 'training'],
  C701: ['Résidence universitaire', 'enseignement', 'higher-education'],
  C702: ['Restaurant universitaire', 'enseignement', 'higher-education'],
  // D — santé
  D101: ['Établissement de santé de court séjour', 'sante', 'hospital'],
  D102: ['Établissement de santé de moyen séjour', 'sante', 'hospital'],
  D103: ['Établissement de santé de long séjour', 'sante', 'hospital'],
  D104: ['Établissement psychiatrique', 'sante', 'hospital'],
  D105: ['Centre de lutte contre le cancer', 'sante', 'hospital'],
  D106: ['Urgences', 'sante', 'hospital'],
  D107: ['Maternité', 'sante', 'hospital'],
  D108: ['Centre de santé', 'sante', 'health-centre'],
  D109: ['Structure psychiatrique en ambulatoire', 'sante', 'health-centre'],
  D110: ['Centre de médecine préventive', 'sante', 'health-centre'],
  D111: ['Dialyse', 'sante', 'health-centre'],
  D112: ['Hospitalisation à domicile', 'sante', 'health-centre'],
  D113: ['Maison de santé pluriprofessionnelle', 'sante', 'msp'],
  D201: ['Médecin généraliste', 'sante', 'doctor'],
  D202: ['Spécialiste en cardiologie', 'sante', 'doctor'],
  D203: ['Spécialiste en dermatologie et vénéréologie', 'sante', 'doctor'],
  D206: ['Spécialiste en gastro-entérologie, hépatologie', 'sante', 'doctor'],
  D207: ['Spécialiste en psychiatrie', 'sante', 'doctor'],
  D208: ['Spécialiste en ophtalmologie', 'sante', 'doctor'],
  D209: ['Spécialiste en oto-rhino-laryngologie', 'sante', 'doctor'],
  D210: ['Spécialiste en pédiatrie', 'sante', 'doctor'],
  D211: ['Spécialiste en pneumologie', 'sante', 'doctor'],
  D212: ['Spécialiste en radiodiagnostic et imagerie médicale', 'sante', 'doctor'],
  D213: ['Spécialiste en stomatologie', 'sante', 'doctor'],
  D214: ['Spécialiste en gynécologie', 'sante', 'doctor'],
  D221: ['Chirurgien-dentiste', 'sante', 'dentist'],
  D231: ['Sage-femme', 'sante', 'paramedical'],
  D232: ['Infirmier', 'sante', 'paramedical'],
  D233: ['Masseur-kinésithérapeute', 'sante', 'paramedical'],
  D235: ['Orthophoniste', 'sante', 'paramedical'],
  D236: ['Orthoptiste', 'sante', 'paramedical'],
  D237: ['Pédicure-podologue', 'sante', 'paramedical'],
  D238: ['Audioprothésiste', 'sante', 'paramedical'],
  D239: ['Ergothérapeute', 'sante', 'paramedical'],
  D240: ['Psychomotricien', 'sante', 'paramedical'],
  D242: ['Diététicien', 'sante', 'paramedical'],
  D243: ['Psychologue', 'sante', 'paramedical'],
  D302: ["Laboratoire d'analyses et de biologie médicales", 'sante', 'health'],
  D303: ['Ambulance', 'sante', 'health'],
  D304: ['Transfusion sanguine', 'sante', 'health'],
  D305: ['Établissement thermal', 'sante', 'health'],
  // D — action sociale
  D401: ['Personnes âgées : hébergement', 'social', 'elderly'],
  D402: ['Personnes âgées : soins à domicile', 'social', 'elderly'],
  D403: ["Personnes âgées : services d'aide", 'social', 'elderly'],
  D404: ['Personnes âgées : foyer restaurant', 'social', 'elderly'],
  D405: ['Personnes âgées : service de portage de repas', 'social', 'elderly'],
  D502: ["Établissement d'accueil du jeune enfant (crèche)", 'social', 'creche'],
  D505: ['Accueil de loisirs sans hébergement (centre de loisirs)', 'social', 'leisure-centre'],
  D506: ['Centre social', 'social', 'social-centre'],
  // E — transports
  E101: ['Taxi, VTC', 'transport', 'taxi'],
  E102: ['Aéroport', 'transport', 'airport'],
  E107: ["Gare de voyageurs d'intérêt national", 'transport', 'rail'],
  E108: ["Gare de voyageurs d'intérêt régional", 'transport', 'rail'],
  E109: ["Gare de voyageurs d'intérêt local", 'transport', 'rail'],
  // F — sports, loisirs, culture
  F101: ['Bassin de natation (piscine)', 'sport', 'pool'],
  F102: ['Boulodrome', 'sport'],
  F103: ['Tennis', 'sport', 'tennis'],
  F104: ['Équipement de cyclisme', 'sport'],
  F105: ['Domaine skiable', 'sport'],
  F106: ['Centre équestre', 'sport'],
  F107: ['Athlétisme', 'sport', 'stadium'],
  F108: ['Terrain de golf', 'sport'],
  F109: ['Parcours sportif, santé', 'sport'],
  F110: ['Sports de glace', 'sport'],
  F111: ['Plateaux et terrains de jeux extérieurs (city-stade)', 'sport', 'playground'],
  F112: ['Salles spécialisées', 'sport', 'gym'],
  F113: ['Terrains de grands jeux (football, rugby)', 'sport', 'stadium'],
  F114: ['Salles de combat', 'sport', 'gym'],
  F116: ['Salles non spécialisées', 'sport', 'gym'],
  F117: ['Roller, skate, vélo bicross ou freestyle', 'sport'],
  F118: ['Sports nautiques', 'sport'],
  F119: ['Bowling', 'sport'],
  F120: ['Salles de remise en forme', 'sport', 'gym'],
  F121: ['Salle multisports (gymnase)', 'sport', 'gym'],
  F201: ['Baignade aménagée', 'sport', 'pool'],
  F202: ['Port de plaisance, mouillage', 'culture'],
  F203: ['Boucle de randonnée', 'culture'],
  F301: ['Cinéma', 'culture', 'cinema'],
  F302: ['Théâtre, arts du spectacle', 'culture', 'theatre'],
  F307: ['Bibliothèque', 'culture', 'library'],
  // G — tourisme
  G101: ['Agence de voyage', 'commerce'],
  G102: ['Hôtel', 'culture', 'hotel'],
  G103: ['Camping', 'culture', 'camping'],
  G104: ["Office de tourisme, information touristique", 'culture', 'tourism-info'],
};

// Codes of the 2013–2022 vintages withdrawn by the 2023 nomenclature.
const BPE_BEFORE_2023: Record<string, Entry> = {
  C101: ['École maternelle', 'enseignement', 'school'],
  C102: ['Classe maternelle de RPI dispersé', 'enseignement', 'school'],
  C104: ['École élémentaire', 'enseignement', 'school'],
  C105: ['Classe élémentaire de RPI dispersé', 'enseignement', 'school'],
  D301: ['Pharmacie', 'sante', 'pharmacy'],
};

// Codes introduced by the 2023 nomenclature.
const BPE_FROM_2023: Record<string, Entry> = {
  C107: ['École maternelle', 'enseignement', 'school'],
  C108: ['École primaire', 'enseignement', 'school'],
  C109: ['École élémentaire', 'enseignement', 'school'],
  D307: ['Pharmacie', 'sante', 'pharmacy'],
};

// The 2013–2014 vintages used other meanings for some sports codes.
const BPE_SPORTS_2013: Record<string, Entry> = {
  F111: ['Plateau extérieur ou salle multisports', 'sport', 'playground'],
  F112: ['Salle ou terrain de petits jeux', 'sport', 'gym'],
  F115: ['Salle ou terrain spécialisé', 'sport', 'gym'],
};

// Types of the other sources: Éducation nationale school lists and users' own points.
const SOURCE_TYPES: Record<string, Entry> = {
  'ecole:maternelle': ['École maternelle', 'enseignement', 'school'],
  'ecole:elementaire': ['École élémentaire', 'enseignement', 'school'],
  'ecole:primaire': ['École primaire', 'enseignement', 'school'],
  'ecole:specialisee': ['École spécialisée', 'enseignement', 'school'],
  college: ['Collège', 'enseignement', 'college'],
  lycee: ['Lycée général et technologique', 'enseignement', 'lycee'],
  'lycee:polyvalent': ['Lycée polyvalent', 'enseignement', 'lycee'],
  'lycee:professionnel': ['Lycée professionnel', 'enseignement', 'lycee'],
  'lycee:agricole': ['Lycée agricole', 'enseignement', 'lycee'],
  erea: ["Établissement régional d'enseignement adapté (EREA)", 'enseignement', 'college'],
  etablissement: ["Établissement d'enseignement", 'enseignement', 'school'],
  user: ['Point ajouté par l’utilisateur', 'autre', 'user'],
};

function vintageYear(vintage?: string | null): number | null {
  const m = vintage ? /(\d{4})/.exec(vintage) : null;
  return m ? Number(m[1]) : null;
}

function entryFor(code: string, year: number | null): Entry | undefined {
  if (year !== null && year <= BPE_SPORTS_2013_UNTIL && code in BPE_SPORTS_2013) return BPE_SPORTS_2013[code];
  return SOURCE_TYPES[code] ?? BPE_COMMON[code] ?? BPE_FROM_2023[code] ?? BPE_BEFORE_2023[code];
}

function info(code: string, e: Entry): FacilityTypeInfo {
  const g = GROUP_BY_KEY.get(e[1]) ?? GROUP_BY_KEY.get('autre')!;
  return { code, label: e[0], group: g.key, groupLabel: g.label, symbol: e[2] ?? g.symbol };
}

/** True when the string looks like a BPE TYPEQU code (a family letter A–G and three digits). */
export function isBpeCode(code: string): boolean {
  return /^[A-G]\d{3}$/.test(code.trim().toUpperCase());
}

/**
 * Returns the French label, group and symbol of a facility type: a BPE TYPEQU code (read with
 * the nomenclature of `vintage`, e.g. "2019"; default the newest) or a source type such as
 * "college" or "user". An unknown code gives "Équipement (code X)" in the group `autre`.
 */
export function facilityType(code: string, vintage?: string | null): FacilityTypeInfo {
  const raw = code.trim();
  const key = isBpeCode(raw) ? raw.toUpperCase() : raw;
  const e = entryFor(key, vintageYear(vintage));
  return e ? info(key, e) : info(key, [`Équipement (code ${key})`, 'autre']);
}

/** Every known type (BPE codes valid for `vintage` — all vintages when absent — then source types). */
export function listFacilityTypes(vintage?: string | null): FacilityTypeInfo[] {
  const year = vintageYear(vintage);
  const codes = new Set(Object.keys(BPE_COMMON));
  if (year === null || year < BPE_NOMENCLATURE_2023) for (const c of Object.keys(BPE_BEFORE_2023)) codes.add(c);
  if (year === null || year >= BPE_NOMENCLATURE_2023) for (const c of Object.keys(BPE_FROM_2023)) codes.add(c);
  if (year !== null && year <= BPE_SPORTS_2013_UNTIL) for (const c of Object.keys(BPE_SPORTS_2013)) codes.add(c);
  const bpe = [...codes].sort().map((c) => info(c, entryFor(c, year)!));
  return [...bpe, ...Object.entries(SOURCE_TYPES).map(([c, e]) => info(c, e))];
}
