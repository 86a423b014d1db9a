// qpv-atlas facility-changes: facilities that entered or left priority geography between two generations.
import type { Command } from 'commander';
import { resolveDataDir } from '../../../config.ts';
import { openWorkspace } from '../../../app/openWorkspace.ts';
import type { Workspace } from '../../../app/workspace.ts';
import { facilityChanges, facilityChangesRows, TRANSITION_LABELS } from '../../../domain/facilityChanges.ts';
import { comparableSets } from '../../../app/comparableSets.ts';
import { toCsv } from '../../formats/csvWrite.ts';
import { CliError, withDataDir } from '../context.ts';

export interface FacilityChangesCliOptions {
  from: string;
  to: string;
  qpv?: string;
  types: string[];
  near: number;
  format: 'text' | 'csv' | 'json';
  separator: ',' | ';';
}

/** Returns the command's stdout for a workspace: a French summary, CSV rows or the JSON result. */
export function runFacilityChanges(ws: Workspace, o: FacilityChangesCliOptions): string {
  const from = ws.perimeterSet(o.from), to = ws.perimeterSet(o.to);
  if (!from || !to) throw new CliError(`Périmètres ${!from ? o.from : o.to} non chargés.`);
  if (!ws.has('facilities')) throw new CliError('Aucun équipement n’est chargé : importez une BPE, une liste d’écoles ou vos points.');
  const facilities = ws.facilities(o.types.length ? o.types : undefined);
  const scope = comparableSets(from, to, facilities.items);
  const r = facilityChanges(scope.facilities, scope.from, scope.to, { nearDistance: o.near, code: o.qpv });
  if (o.format === 'csv') return toCsv(facilityChangesRows(r), { separator: o.separator, bom: true, decimalComma: o.separator === ';' });
  if (o.format === 'json') return JSON.stringify({ ...r, provenance: { datasets: [...from.refs, ...to.refs, ...facilities.refs], parameters: { ...r.parameters, types: o.types, regionsCompared: scope.coverage.regions, coverageNote: scope.note } } }, null, 2);
  const lines = [`Équipements ${o.from} → ${o.to} (proximité : ${o.near} m) : ${r.total} examinés`];
  if (scope.note) lines.push(scope.note);
  for (const t of ['entered', 'left', 'stayed-inside', 'stayed-near', 'outside'] as const) lines.push(`  ${TRANSITION_LABELS[t]} : ${r.counts[t]}`);
  for (const q of r.byQuartier) {
    const parts = [['entrés', q.entered], ['sortis', q.left], ['restés', q.stayedInside], ['à proximité', q.stayedNear]] as const;
    lines.push(`${q.code} ${q.name} (${q.generation}) — ${parts.filter(([, ids]) => ids.length).map(([k, ids]) => `${k} : ${ids.join(', ')}`).join(' ; ')}`);
  }
  if (r.inseeDisagreements.length) {
    lines.push(`Écarts avec les codes QP de l'INSEE (${r.inseeDisagreements.length}) :`);
    for (const d of r.inseeDisagreements) lines.push(`  - ${d.id} (${d.generation}) INSEE ${d.inseeCode ?? 'hors QPV'} / calcul ${d.computedCode ?? 'hors QPV'} : ${d.label}${d.lineDistance !== null ? ` (${Math.round(d.lineDistance)} m de la limite)` : ''}`);
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  withDataDir(program.command('facility-changes').description('équipements entrés, sortis ou restés en QPV entre deux générations'))
    .option('--from <g>', 'génération de départ', '2015')
    .option('--to <g>', 'génération d’arrivée', '2024')
    .option('--qpv <code>', 'un seul quartier')
    .option('--types <codes>', 'types d’équipements, ex. C201,D113')
    .option('--near <m>', 'distance de proximité en mètres', '300')
    .option('--format <f>', 'text | csv | json', 'text')
    .option('--separator <c>', 'CSV : séparateur , ou ;', ';')
    .action(async (o) => {
      const near = Number(o.near);
      if (!Number.isFinite(near) || near < 0) throw new CliError(`--near invalide : « ${o.near} ».`);
      if (!['text', 'csv', 'json'].includes(o.format)) throw new CliError(`--format invalide : « ${o.format} » (text, csv ou json).`);
      if (o.separator !== ';' && o.separator !== ',') throw new CliError('--separator : « ; » ou « , ».');
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      const types = o.types ? String(o.types).split(',').map((s: string) => s.trim()).filter(Boolean) : [];
      process.stdout.write(runFacilityChanges(ws, { from: o.from, to: o.to, qpv: o.qpv, types, near, format: o.format, separator: o.separator }) + (o.format === 'csv' ? '' : '\n'));
    });
}
