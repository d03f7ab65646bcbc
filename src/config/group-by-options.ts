import { CATEGORIES, CATEGORY_IDS, type CategoryId, type Dimension } from '../catalog/categories.js';
import { dimensionList } from './list-decoders.js';
import { type OptionSpec, option } from './option-spec.js';

function groupByOption(category: CategoryId): OptionSpec<readonly Dimension[]> {
  const spec = CATEGORIES[category];
  return option({
    flag: `${category}.group-by`,
    env: `OPENAI_EXPORTER_${category.toUpperCase()}_GROUP_BY`,
    default: spec.defaultGroupBy.join(','),
    ...(spec.defaultGroupBy.length === 0 ? { defaultLabel: '(no grouping)' } : {}),
    placeholder: '<list>',
    filePath: `categories.${category}.group_by`,
    description: `Labels of ${category} series, comma separated from ${spec.dimensions.join(', ')}; empty for none.`,
    decode: dimensionList(category),
  });
}

/** One `--<category>.group-by` per category, so a new catalog entry gets its flag automatically. */
export const GROUP_BY_OPTIONS = Object.fromEntries(
  CATEGORY_IDS.map((category) => [category, groupByOption(category)]),
) as Readonly<Record<CategoryId, OptionSpec<readonly Dimension[]>>>;
