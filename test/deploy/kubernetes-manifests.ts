// The Kubernetes example as a set of parsed objects, with the structural rules of their kinds.

import { readdirSync } from 'node:fs';
import { at, isObject, type Json, list, readYamlDocuments, repoPath } from './repo-files.js';

export const KUBERNETES_DIR = 'deploy/kubernetes';

export interface Manifest {
  readonly file: string;
  readonly object: Json;
}

/** apiVersion → the kinds this example may use from it. */
export const KNOWN_KINDS: Readonly<Record<string, readonly string[]>> = {
  v1: ['Service', 'PersistentVolumeClaim', 'Secret', 'ConfigMap', 'ServiceAccount'],
  'apps/v1': ['Deployment', 'StatefulSet'],
  'monitoring.coreos.com/v1': ['ServiceMonitor', 'PrometheusRule'],
  'kustomize.config.k8s.io/v1beta1': ['Kustomization'],
};

export function manifestFiles(): string[] {
  return readdirSync(repoPath(KUBERNETES_DIR))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

export function loadManifests(): Manifest[] {
  return manifestFiles().flatMap((file) =>
    readYamlDocuments(`${KUBERNETES_DIR}/${file}`).map((object) => {
      if (!isObject(object)) throw new Error(`${file}: a document is not a mapping`);
      return { file, object };
    }),
  );
}

export function only(manifests: readonly Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as Manifest;
}

export function labelsOf(value: unknown, ...path: string[]): Record<string, string> {
  const labels = at(value, ...path);
  if (!isObject(labels)) throw new Error(`${path.join('.')} is not a mapping`);
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

/** Every key of `selector` with the same value in `labels`. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

export const objects = (value: unknown, what: string): Json[] =>
  list(value, what).map((item) => {
    if (!isObject(item)) throw new Error(`${what}: an entry is not a mapping`);
    return item;
  });

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
