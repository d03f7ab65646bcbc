// Which organizations the exporter polls, each with the configuration it runs with, its state
// directory and its key: a key file is watched for rotation, a variable's key is fixed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AdminKeySource, configFor, type ExporterConfig, readAdminKey } from '../config/index.js';
import { FixedKey, type KeySource, RotatingKey } from '../secrets/rotating-key.js';
import type { FleetShared, OrganizationSetup } from './assemble-organization.js';

/**
 * `root` is the claimed storage directory: the implicit organization's state lives right there
 * (as before several organizations), a listed one's in <storage.path>/<name>/.
 */
export function organizationSetups(
  config: ExporterConfig,
  root: string,
  shared: FleetShared,
  env: NodeJS.ProcessEnv = process.env,
): OrganizationSetup[] {
  return config.organizations.map((organization, index) => {
    const option = organization.listed
      ? `organizations[${index}].${organization.adminKey?.kind === 'env' ? 'admin_key_env' : 'admin_key_file'}`
      : undefined;
    const read = (source: AdminKeySource) =>
      option === undefined
        ? readAdminKey(source, env, (path) => readFileSync(path, 'utf8'))
        : readAdminKey(source, env, (path) => readFileSync(path, 'utf8'), option);
    return {
      name: organization.name,
      config: configFor(config, organization),
      directory: organization.listed ? join(root, organization.name) : root,
      listed: organization.listed,
      key: keySource(organization.name, organization.adminKey, config, read, shared),
    };
  });
}

function keySource(
  name: string,
  source: AdminKeySource | undefined,
  config: ExporterConfig,
  read: (source: AdminKeySource) => string,
  shared: FleetShared,
): KeySource {
  // --demo: the demo upstream's own key, put in openai.adminKey once it is known.
  if (source === undefined) {
    const key = config.openai.adminKey;
    if (key === undefined) throw new Error(`organization "${name}" has no admin key`);
    if (!shared.secrets.includes(key)) shared.secrets.push(key);
    return new FixedKey(key);
  }
  const initial = read(source);
  if (!shared.secrets.includes(initial)) shared.secrets.push(initial);
  if (source.kind === 'env') return new FixedKey(initial);
  const metrics = shared.metrics.organization(name);
  const logger = shared.logger.child({ organization: name });
  return new RotatingKey({
    path: source.path,
    initial,
    read: () => read(source),
    secrets: shared.secrets,
    onInvalid: (reason) => {
      metrics.adminKeyRejected();
      logger.warn(
        { reason },
        'the admin key file changed but holds no usable key; the last good key stays in use',
      );
    },
  });
}
