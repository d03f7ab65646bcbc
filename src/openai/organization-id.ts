// Costs results carry `organization_id`: no spec or SDK lists it, but every real answer has it.
// It tells which organization an admin key belongs to, so a rotated key can be told from another
// organization. Read leniently: a page without it only means "unknown", never an error.

/** The organization id of the newest bucket of a costs page that names one. */
export function newestOrganizationId(page: unknown): string | undefined {
  const data = (page as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  for (let i = data.length - 1; i >= 0; i--) {
    const results = (data[i] as { results?: unknown } | null)?.results;
    if (!Array.isArray(results)) continue;
    for (const result of results) {
      const id = (result as { organization_id?: unknown } | null)?.organization_id;
      if (typeof id === 'string' && id.length > 0) return id;
    }
  }
  return undefined;
}
