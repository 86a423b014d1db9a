// The OpenAPI 3.1 description of every endpoint, served at /api/openapi.json and rendered at /api/docs.
type Param = [name: string, description: string, required?: boolean];

interface Endpoint {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  query?: Param[];
  body?: string; // description of the request body
  produces?: string[]; // media types besides application/json
}

const VINTAGE: Param = ['vintage', 'millésime Filosofi (défaut : le plus récent importé)'];
const GENERATION: Param = ['generation', 'génération des périmètres : 2015, 2024 ou un libellé importé'];
const VERSION: Param = ['version', 'version du fichier de périmètres (défaut : la plus récente)'];
const BBOX: Param = ['bbox', 'emprise minLon,minLat,maxLon,maxLat (WGS84)'];

/** Every endpoint of the API, in the order of the documentation. */
export const ENDPOINTS: Endpoint[] = [
  { method: 'get', path: '/health', summary: 'État du service et des données chargées' },
  { method: 'get', path: '/datasets', summary: 'Catalogue des jeux de données (source, somme de contrôle, date, effectifs, avertissements)' },
  { method: 'post', path: '/datasets', summary: 'Importe un fichier (multipart : file, kind, generation, version, vintage, crs, label, code, format, labelColumn, typeColumn, idColumn, replace) ; répond le rapport d’import', body: 'multipart/form-data' },
  { method: 'delete', path: '/datasets/{id}', summary: 'Supprime un jeu de données et ses enregistrements' },
  { method: 'get', path: '/generations', summary: 'Générations et versions de périmètres chargées, avec la référence du décret' },
  { method: 'get', path: '/perimeters', summary: 'Périmètres QPV (GeoJSON)', query: [GENERATION, VERSION, ['commune', 'code INSEE de commune'], ['departement', 'code de département'], BBOX] },
  { method: 'get', path: '/perimeters/{code}', summary: 'Un périmètre (Feature GeoJSON)', query: [GENERATION, VERSION] },
  { method: 'get', path: '/perimeters/{code}/indicators', summary: 'Indicateurs Filosofi du quartier (pondération surfacique exacte, bornes, secret statistique)', query: [GENERATION, VERSION, VINTAGE, ['mode', 'areal | dasymetric']] },
  { method: 'get', path: '/perimeters/{code}/fiche', summary: 'Portrait de quartier : identité, prédécesseurs/successeurs, indicateurs sur chaque génération, zones gagnées/perdues, équipements, quartier vécu', query: [GENERATION, VINTAGE, ['distance', 'bande du quartier vécu (m)']] },
  { method: 'post', path: '/indicators', summary: 'Indicateurs pour une géométrie dessinée (GeoJSON WGS84 dans le corps)', query: [VINTAGE, ['mode', 'areal | dasymetric']], body: 'application/json (Geometry ou Feature GeoJSON)' },
  { method: 'get', path: '/communes', summary: 'Contours des communes (GeoJSON)', query: [BBOX, ['departement', 'code de département'], ['codes', 'codes INSEE séparés par des virgules']] },
  { method: 'get', path: '/communes/{insee}/indicators', summary: 'Indicateurs de la commune, de ses QPV et du reste de la commune', query: [VINTAGE, GENERATION] },
  { method: 'get', path: '/cells', summary: 'Carreaux Filosofi en GeoJSON pour une petite zone (limite de surface indiquée dans l’erreur)', query: [BBOX, VINTAGE] },
  { method: 'get', path: '/tiles/cells/{z}/{x}/{y}.pbf', summary: 'Tuiles vectorielles des carreaux (agrégés aux petites échelles)', query: [VINTAGE], produces: ['application/x-protobuf'] },
  { method: 'get', path: '/facilities', summary: 'Équipements (GeoJSON)', query: [BBOX, ['types', 'codes de type séparés par des virgules'], ['groups', 'familles (enseignement, sante, ...)']] },
  { method: 'get', path: '/facility-types', summary: 'Types d’équipements présents et table des libellés' },
  { method: 'get', path: '/search', summary: 'Recherche d’un quartier (code, nom) ou d’une commune (nom, code INSEE)', query: [['q', 'texte recherché', true]] },
  { method: 'get', path: '/changes', summary: 'Évolution des périmètres entre deux générations : successeurs, classes, zones gagnées/perdues/conservées et leur population', query: [['from', 'génération de départ (ex. 2015)', true], ['to', 'génération d’arrivée (ex. 2024)', true], ['fromVersion', ''], ['toVersion', ''], ['code', 'un quartier'], ['commune', 'code INSEE'], ['departement', ''], VINTAGE, ['tolerance', 'tolérance en mètres']] },
  { method: 'get', path: '/facility-changes', summary: 'Équipements entrés, sortis, restés dans la géographie prioritaire', query: [['from', '', true], ['to', '', true], ['code', ''], ['types', ''], ['near', 'distance « à proximité » (m)'], ['format', 'json | csv']], produces: ['text/csv'] },
  { method: 'get', path: '/quartier-vecu/{code}', summary: 'Quartier vécu d’un QPV : bande, équipements, population', query: [['distance', 'mètres (300, 500, 1000 ou autre)'], ['clip', 'none | communes | epci'], GENERATION, VERSION, ['include', 'identifiants d’équipements ajoutés'], ['exclude', 'identifiants exclus'], VINTAGE] },
  { method: 'get', path: '/quartier-vecu', summary: 'Bandes de quartier vécu de tous les QPV d’une génération (GeoJSON)', query: [GENERATION, ['distance', 'mètres']] },
  { method: 'get', path: '/pockets', summary: 'Poches de pauvreté hors QPV (paramètres de la méthode en requête)', query: [['communes', 'codes INSEE de la zone d’étude'], ['epci', ''], ['departement', ''], VINTAGE, GENERATION, ['povertyRate', 'seuil absolu de taux de pauvreté'], ['relativeRate', 'seuil relatif (× taux de la zone)'], ['maxLivingStandard', 'niveau de vie moyen maximal (€)'], ['minPopulation', ''], ['minHouseholds', ''], ['neighbourhood', '4 | 8'], ['qpvShare', 'part d’un carreau en QPV qui l’exclut'], ['rankBy', ''], ['format', 'json | geojson | csv']], produces: ['text/csv'] },
  { method: 'post', path: '/pockets', summary: 'Poches de pauvreté dans une zone d’étude dessinée', body: 'application/json' },
  { method: 'get', path: '/lookup', summary: 'Un point est-il en QPV ou à proximité ? (indicatif)', query: [['lon', ''], ['lat', ''], ['x', ''], ['y', ''], ['crs', 'EPSG de x/y'], ['tolerance', 'mètres'], ['far', 'au-delà (m), le QPV le plus proche n’est plus cité (défaut 10 000)'], GENERATION] },
  { method: 'post', path: '/lookup', summary: 'Recherche par lot : CSV de points en entrée, même CSV avec colonnes ajoutées en sortie', body: 'text/csv', produces: ['text/csv'] },
  { method: 'get', path: '/maps/view.{format}', summary: 'Carte statique (svg, png, pdf) d’une emprise avec titre, légende, échelle, sources', query: [BBOX, ['layers', ''], GENERATION, ['indicator', ''], ['title', ''], ['subtitle', ''], ['paper', 'A4 | A3'], ['orientation', 'portrait | landscape'], ['vecu', 'mètres'], ['vecuClip', 'none | communes | epci']], produces: ['image/svg+xml', 'image/png', 'application/pdf'] },
  { method: 'get', path: '/maps/qpv/{code}.{format}', summary: 'Carte statique d’un quartier', query: [['layers', ''], GENERATION, ['vecu', 'mètres'], ['vecuClip', 'none | communes | epci']], produces: ['image/svg+xml', 'image/png', 'application/pdf'] },
  { method: 'get', path: '/maps/atlas.pdf', summary: 'Atlas PDF : une page par QPV des communes ou de l’EPCI', query: [['communes', ''], ['epci', ''], GENERATION], produces: ['application/pdf'] },
  { method: 'get', path: '/openapi.json', summary: 'Ce document' },
];

const errorSchema = { type: 'object', properties: { error: { type: 'string' }, details: {} }, required: ['error'] };

/** Returns the OpenAPI 3.1 document of the API. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const pathParams = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const content = Object.fromEntries(['application/json', ...(e.produces ?? [])].map((t) => [t, {}]));
    (paths[`/api${e.path}`] ??= {})[e.method] = {
      summary: e.summary,
      parameters: [...pathParams, ...(e.query ?? []).map(([name, description, required]) => ({ name, in: 'query', required: !!required, description, schema: { type: 'string' } }))],
      ...(e.body ? { requestBody: { description: e.body, content: { [e.body.split(' ')[0]]: {} } } } : {}),
      responses: {
        '200': { description: 'OK', content },
        '4XX': { description: 'Entrée invalide ou introuvable', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'QPV Atlas API', version: '0.1.0', description: 'Périmètres QPV 2015/2024, carreaux Filosofi, équipements, quartiers vécus, poches de pauvreté. Chaque résultat indique ses jeux de données et ses paramètres (provenance).' },
    paths,
  };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Returns a readable HTML page documenting the API (French). */
export function apiDocsHtml(): string {
  const rows = ENDPOINTS.map((e) => `<section><h2><code>${e.method.toUpperCase()} /api${esc(e.path)}</code></h2><p>${esc(e.summary)}</p>${
    e.query?.length ? `<table><tr><th>Paramètre</th><th>Description</th></tr>${e.query.map(([n, d, r]) => `<tr><td><code>${esc(n)}</code>${r ? ' (obligatoire)' : ''}</td><td>${esc(d)}</td></tr>`).join('')}</table>` : ''
  }${e.body ? `<p>Corps : ${esc(e.body)}</p>` : ''}</section>`).join('\n');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>QPV Atlas — API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}h2{font-size:1rem;margin-top:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}code{background:#f3f3f3;padding:0 .2rem}</style></head>
<body><h1>QPV Atlas — API</h1><p>Erreurs : JSON <code>{ "error": "…", "details": … }</code> avec un code 4xx. Description machine : <a href="/api/openapi.json">/api/openapi.json</a>.</p>${rows}</body></html>`;
}
