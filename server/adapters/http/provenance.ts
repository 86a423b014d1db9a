// Provenance for answers whose body cannot carry it (CSV, SVG, PNG, PDF): a response header.
import type { Response } from 'express';
import type { Provenance } from '../../domain/model.ts';

/** Sets X-Provenance: the datasets (id, label, generation, version, vintage) and parameters as URI-encoded JSON, ASCII only as headers require. */
export function setProvenanceHeader(res: Response, provenance: Provenance): void {
  res.setHeader('X-Provenance', encodeURIComponent(JSON.stringify({
    datasets: provenance.datasets.map((d) => ({ id: d.id, label: d.label, generation: d.generation, version: d.version, vintage: d.vintage })),
    parameters: provenance.parameters,
  })));
}
