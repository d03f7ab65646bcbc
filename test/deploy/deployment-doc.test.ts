import { describe, expect, it } from 'vitest';
import { containerPorts, readCompose, service } from './compose-file.js';
import { KUBERNETES_DIR, loadManifests, only } from './kubernetes-manifests.js';
import { at, readRepoFile } from './repo-files.js';

const doc = readRepoFile('docs/deployment.md');

describe('docs/deployment.md', () => {
  it('names the port of every service of the local stack', () => {
    const compose = readCompose();
    for (const name of Object.keys(at(compose, 'services') as object)) {
      for (const port of containerPorts(service(compose, name))) expect(doc, name).toContain(`| ${port} |`);
    }
  });

  it('creates the Secret the Deployment mounts, under the key it reads, and applies the kustomization', () => {
    const secret = only(loadManifests(), 'Secret').object;
    const name = String(at(secret, 'metadata', 'name'));
    const key = Object.keys(at(secret, 'stringData') as object)[0];
    expect(doc).toContain(`kubectl create secret generic ${name}`);
    expect(doc).toContain(`--from-file=${key}=`);
    expect(doc).toContain(`kubectl apply -k ${KUBERNETES_DIR}`);
  });
});
