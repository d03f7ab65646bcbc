// What the upstream itself answers right now for the spend since a given day: the reference the
// exporter's day and month gauges are held against. Read like any client reads it, page by page.

interface CostsPage {
  readonly data: readonly {
    readonly results: readonly { readonly amount?: { readonly value: number | string } }[];
  }[];
  readonly has_more: boolean;
  readonly next_page: string | null;
}

/** Sum of every cost result of the days from `startTime` (a UTC midnight) to now. */
export async function upstreamSpendSince(
  baseUrl: string,
  adminKey: string,
  startTime: number,
): Promise<number> {
  let total = 0;
  let page: string | null = null;
  do {
    const params = new URLSearchParams({ start_time: String(startTime), bucket_width: '1d', limit: '31' });
    if (page !== null) params.set('page', page);
    const response = await fetch(`${baseUrl}/organization/costs?${params}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    if (!response.ok) throw new Error(`costs: HTTP ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as CostsPage;
    for (const bucket of body.data) {
      for (const result of bucket.results) total += Number(result.amount?.value ?? 0);
    }
    page = body.has_more ? body.next_page : null;
  } while (page !== null);
  return total;
}
