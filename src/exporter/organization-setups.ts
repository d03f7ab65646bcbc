// Which organizations the exporter polls, each with the configuration, state directory and key it
// runs with.

import type { ExporterConfig } from '../config/index.js';
import { FixedKey } from '../secrets/rotating-key.js';
import type { FleetShared, OrganizationSetup } from './assemble-organization.js';

/** `root` is the claimed storage directory: the implicit organization's state lives right there. */
export function organizationSetups(
  config: ExporterConfig,
  root: string,
  _shared: FleetShared,
): OrganizationSetup[] {
  const key = config.openai.adminKey;
  if (key === undefined) throw new Error('no admin key');
  return [{ name: 'default', config, directory: root, listed: false, key: new FixedKey(key) }];
}
