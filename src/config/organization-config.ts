// What one organization runs with: the shared settings, with the ones an `organizations:` entry
// may change (base URL, categories, budget) taken from that entry.

import type { ExporterConfig, OrganizationConfig } from './config.js';

/**
 * The ExporterConfig `organization` runs with. `openai.adminKey` (the implicit organization's key,
 * read at load) is kept as is; a listed organization's key is read with `readAdminKey`. The storage
 * path is left alone: where each organization keeps its state is the caller's decision.
 */
export function configFor(config: ExporterConfig, organization: OrganizationConfig): ExporterConfig {
  return {
    ...config,
    openai: { ...config.openai, baseUrl: organization.baseUrl },
    categories: organization.categories,
    budget: organization.budget,
    organizations: [organization],
  };
}
