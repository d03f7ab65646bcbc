// `--check-config` prints the effective configuration in the config file's own terms, so the
// output can be diffed with a config file and pasted into one: it loads back to the same settings.

import { Document, isScalar, isSeq, visit } from 'yaml';
import { CATEGORY_IDS } from '../catalog/categories.js';
import { REDACTED } from '../secrets/redact.js';
import type { ExporterConfig } from './config.js';
import { formatDuration } from './duration.js';
import { GROUP_BY_OPTIONS } from './group-by-options.js';
import type { OptionSpec } from './option-spec.js';
import { OPTIONS as O } from './options.js';
import { organizationsTree, projectBudgetTree } from './render-organizations.js';

type Tree = { [key: string]: unknown };

function setPath(root: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let branch = root;
  for (const key of keys.slice(0, -1)) {
    branch[key] ??= {};
    branch = branch[key] as Tree;
  }
  branch[keys[keys.length - 1] ?? ''] = value;
}

/** Each option's effective value as the file writes it; undefined when the option is unset. */
function optionValues(config: ExporterConfig): [OptionSpec<unknown>, unknown][] {
  const listed = config.organizations.some((organization) => organization.listed);
  return [
    [O.listenAddress, config.web.listenAddress],
    [O.telemetryPath, config.web.telemetryPath],
    [O.webConfigFile, config.web.configFile],
    [O.baseUrl, config.openai.baseUrl],
    [O.timeout, formatDuration(config.openai.timeoutMs)],
    [O.maxRetries, config.openai.maxRetries],
    [O.requestsPerSecond, config.openai.requestsPerSecond],
    [O.pollInterval, formatDuration(config.poll.intervalMs)],
    [O.pollWindow, formatDuration(config.poll.minuteWindowMs)],
    [O.hourlyInterval, formatDuration(config.poll.hourlyIntervalMs)],
    [O.hourlyWindow, formatDuration(config.poll.hourlyWindowMs)],
    [O.concurrency, config.poll.concurrency],
    [O.jitter, config.poll.jitter],
    [O.costsInterval, formatDuration(config.costs.intervalMs)],
    [O.settleDays, config.costs.settleDays],
    [O.backfillMax, formatDuration(config.backfill.maxMs)],
    [O.namesEnabled, config.names.enabled],
    [O.namesInterval, formatDuration(config.names.intervalMs)],
    [O.namesIncludeEmails, config.names.includeEmails],
    [O.limitsEnabled, config.limits.enabled],
    [O.limitsInterval, formatDuration(config.limits.intervalMs)],
    [O.estimateEnabled, config.estimate.enabled],
    [O.storagePath, config.storage.path],
    [O.seriesLimit, config.series.limit],
    [O.logLevel, config.log.level],
    [O.logFormat, config.log.format],
    [O.demo, config.demo],
    // With a list each entry names itself, and the list refuses organization.name beside it.
    [O.organizationName, listed ? undefined : config.organizations[0]?.name],
    [O.dailyUsd, config.budget.dailyUsd],
    [O.monthlyUsd, config.budget.monthlyUsd],
    ...CATEGORY_IDS.map((id): [OptionSpec<unknown>, unknown] => [
      GROUP_BY_OPTIONS[id],
      [...config.categories[id].groupBy],
    ]),
  ];
}

function configTree(config: ExporterConfig): Tree {
  const root: Tree = {};
  for (const [spec, value] of optionValues(config)) {
    if (spec.filePath === undefined) throw new Error(`--${spec.flag} has no config file key`);
    if (value !== undefined) setPath(root, spec.filePath, value);
  }
  // --categories has no file key of its own: the file says it per category, enabled first.
  const categories = root.categories as Tree;
  for (const id of CATEGORY_IDS) {
    const { enabled, filters } = config.categories[id];
    const hasFilters = Object.keys(filters).length > 0;
    categories[id] = { enabled, ...(categories[id] as Tree), ...(hasFilters ? { filters } : {}) };
  }
  const projects = projectBudgetTree(config.budget);
  if (Object.keys(projects).length > 0) setPath(root, 'budget.projects', projects);
  const organizations = organizationsTree(config);
  if (organizations !== undefined) root.organizations = organizations;
  return root;
}

/** The effective configuration as a config file; the admin key appears only redacted, in a comment. */
export function renderConfigFile(config: ExporterConfig): string {
  const header = [
    '# openai-usage-exporter effective configuration (--check-config), usable as --config.file.',
  ];
  if (config.organizations.some((organization) => organization.listed)) {
    header.push("# admin keys: read from each entry's admin_key_file or admin_key_env, never printed");
  } else if (config.openai.adminKey !== undefined) {
    header.push(
      `# admin key: ${REDACTED} (from OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_FILE; never read from this file)`,
    );
  }
  const document = new Document(configTree(config));
  // Lists on one line, `group_by: [project_id, model]`, as a user writes them; the organizations
  // list keeps one entry per block.
  visit(document, {
    Seq(_, node) {
      if (isSeq(node)) node.flow = node.items.every((item) => isScalar(item));
    },
  });
  return `${header.join('\n')}\n${document.toString({ flowCollectionPadding: false })}`;
}
