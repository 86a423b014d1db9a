// How a facility is described in French: the map popup and the fiche's facility lists say the same thing.
/** The facility properties of /api/facilities features (and of the fiche's facility lists). */
export interface FacilityProps { id?: unknown; name?: unknown; type?: unknown; typeLabel?: unknown; commune?: unknown }

/** Returns "Toulouse (31555)" from a commune code and an optional name; "—" without a code. */
export function communeText(code: unknown, name: string | null | undefined): string {
  const c = code === null || code === undefined ? '' : String(code);
  if (!c) return name ?? '—';
  return name ? `${name} (${c})` : c;
}

/** Returns the one-line French description of a facility: "Collège George Sand — Collège — Toulouse (31555) — identifiant 0310086A". */
export function facilityLine(p: FacilityProps, communeName?: string | null): string {
  const parts = [String(p.name ?? '') || 'sans nom', String(p.typeLabel ?? p.type ?? '') || 'type inconnu'];
  if (p.commune !== undefined && p.commune !== null && p.commune !== '') parts.push(communeText(p.commune, communeName));
  if (p.id !== undefined && p.id !== null && p.id !== '') parts.push(`identifiant ${String(p.id)}`);
  return parts.join(' — ');
}
