import { describe, expect, it } from 'vitest';
import {
  configFrom,
  DEFAULT_PORT,
  DEFAULT_TELEMETRY_PATH,
  EXPORTER_VARIABLES,
  statusesOf,
} from './exporter-schema.js';
import {
  DNS_LABEL,
  KNOWN_KINDS,
  KUBERNETES_DIR,
  labelsOf,
  loadManifests,
  manifestFiles,
  objects,
  only,
  selects,
} from './kubernetes-manifests.js';
import { at, isObject, type Json, list, readRepoFile } from './repo-files.js';

const manifests = loadManifests();
const kustomization = only(manifests, 'Kustomization').object;
const deployment = only(manifests, 'Deployment').object;
const service = only(manifests, 'Service').object;
const serviceMonitor = only(manifests, 'ServiceMonitor').object;
const secretExample = only(manifests, 'Secret');
const pod = at(deployment, 'spec', 'template', 'spec') as Json;
const container = objects(at(pod, 'containers'), 'containers')[0] as Json;
const env = Object.fromEntries(
  objects(at(container, 'env'), 'env').map((e) => [String(at(e, 'name')), String(at(e, 'value'))]),
);
const keyFiles = { [env.OPENAI_ADMIN_KEY_FILE ?? '']: 'sk-admin-kubernetes-test\n' };
const volumes = objects(at(pod, 'volumes'), 'volumes');
const volumeMounts = objects(at(container, 'volumeMounts'), 'volumeMounts');
const resources = list(at(kustomization, 'resources'), 'resources').map(String);
const volume = (name: unknown): Json => {
  const found = volumes.find((v) => v.name === name);
  expect(found, `volume ${String(name)}`).toBeDefined();
  return found as Json;
};
const mountAt = (path: string): Json => {
  const found = volumeMounts.find((m) => m.mountPath === path);
  expect(found, `mount at ${path}`).toBeDefined();
  return found as Json;
};

describe('the Kubernetes manifests', () => {
  it('are Kubernetes objects of known apiVersion and kind, with valid names', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(6);
    for (const { file, object } of manifests) {
      expect(KNOWN_KINDS[String(object.apiVersion)], `${file} apiVersion`).toContain(object.kind);
      if (object.kind === 'Kustomization') continue;
      expect(String(at(object, 'metadata', 'name')), file).toMatch(DNS_LABEL);
    }
  });

  it('never suggest --from-literal for the key, which leaves it in the shell history and in ps', () => {
    for (const file of manifestFiles())
      expect(readRepoFile(`${KUBERNETES_DIR}/${file}`), file).not.toContain('--from-literal');
  });

  it('are all listed in the kustomization, except the Secret, which must never overwrite the real key', () => {
    const expected = manifests
      .filter((m) => m.object.kind !== 'Kustomization' && m.object.kind !== 'Secret')
      .map((m) => m.file);
    expect([...resources].sort()).toEqual([...new Set(expected)].sort());
    expect(manifestFiles()).toContain(secretExample.file);
    expect(resources).not.toContain(secretExample.file);
    expect(secretExample.file).toMatch(/\.example\.yaml$/);
  });

  it('name the image once, so the kustomization can point it at a registry', () => {
    const images = objects(at(kustomization, 'images'), 'images');
    expect(images.map((i) => i.name)).toEqual([container.image]);
  });
});

describe('the Deployment', () => {
  it('runs one replica, replaced by stopping the old pod first', () => {
    expect(at(deployment, 'spec', 'replicas')).toBe(1);
    expect(at(deployment, 'spec', 'strategy', 'type')).toBe('Recreate');
    expect(readRepoFile(`${KUBERNETES_DIR}/deployment.yaml`)).toMatch(/never sum across them/);
  });

  it('selects the pods of its own template', () => {
    const selector = labelsOf(deployment, 'spec', 'selector', 'matchLabels');
    expect(selects(selector, labelsOf(deployment, 'spec', 'template', 'metadata', 'labels'))).toBe(true);
  });

  it('runs as a non-root user with a read-only root filesystem and no privileges', () => {
    expect(at(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(at(pod, 'securityContext', 'runAsUser')).not.toBe(0);
    const security = at(container, 'securityContext');
    expect(at(security, 'readOnlyRootFilesystem')).toBe(true);
    expect(at(security, 'allowPrivilegeEscalation')).toBe(false);
    expect(at(security, 'capabilities', 'drop')).toEqual(['ALL']);
  });

  it('keeps state on a claim at /data, the only writable mount', () => {
    const data = mountAt('/data');
    const claim = at(volume(data.name), 'persistentVolumeClaim', 'claimName');
    const pvc = only(manifests, 'PersistentVolumeClaim');
    expect(at(pvc.object, 'metadata', 'name')).toBe(claim);
    expect(resources).toContain(pvc.file);
    expect(volumeMounts.filter((m) => m.readOnly !== true).map((m) => m.mountPath)).toEqual(['/data']);
    expect(readRepoFile(`${KUBERNETES_DIR}/deployment.yaml`)).toMatch(/emptyDir/);
  });

  it('sets only exporter variables that exist, never the key itself', () => {
    for (const name of Object.keys(env)) expect(EXPORTER_VARIABLES, name).toContain(name);
    expect(env.OPENAI_ADMIN_KEY).toBeUndefined();
  });

  it('passes the key as a file mounted from the Secret, which the exporter reads', () => {
    const keyFile = env.OPENAI_ADMIN_KEY_FILE ?? '';
    const directory = keyFile.slice(0, keyFile.lastIndexOf('/'));
    const secret = at(volume(mountAt(directory).name), 'secret');
    expect(mountAt(directory).readOnly).toBe(true);
    const item = objects(at(secret, 'items'), 'items').find((i) => `${directory}/${i.path}` === keyFile);
    expect(item, `no Secret item mounted at ${keyFile}`).toBeDefined();
    expect(at(secret, 'secretName')).toBe(at(secretExample.object, 'metadata', 'name'));
    expect(Object.keys(at(secretExample.object, 'stringData') as object)).toEqual([item?.key]);

    const config = configFrom(env, [], keyFiles);
    expect(config.openai.adminKey).toBe('sk-admin-kubernetes-test');
    expect(config.demo).toBe(false);
    expect(config.storage.path).toBe('/data');
  });

  it('listens on the port it declares', () => {
    const ports = objects(at(container, 'ports'), 'ports');
    expect(ports.map((p) => p.containerPort)).toEqual([DEFAULT_PORT]);
    const listening = configFrom(env, [], keyFiles).web.listenAddress;
    expect(Number(listening.slice(listening.lastIndexOf(':') + 1))).toBe(DEFAULT_PORT);
  });

  it('probes liveness on /-/healthy and readiness on /-/ready, paths the exporter serves', async () => {
    const portNames = objects(at(container, 'ports'), 'ports').map((p) => p.name);
    const probes = Object.fromEntries(
      ['startupProbe', 'livenessProbe', 'readinessProbe'].map((probe) => {
        expect(portNames, probe).toContain(at(container, probe, 'httpGet', 'port'));
        return [probe, String(at(container, probe, 'httpGet', 'path'))];
      }),
    );
    expect(probes).toEqual({
      startupProbe: '/-/healthy',
      livenessProbe: '/-/healthy',
      readinessProbe: '/-/ready',
    });
    const statuses = await statusesOf([...new Set(Object.values(probes)), '/no-such-path']);
    expect(statuses).toEqual({ '/-/healthy': 200, '/-/ready': 200, '/no-such-path': 404 });
  });

  it('requests CPU and memory and limits memory', () => {
    expect(at(container, 'resources', 'requests', 'cpu')).toBeDefined();
    expect(at(container, 'resources', 'requests', 'memory')).toBeDefined();
    expect(at(container, 'resources', 'limits', 'memory')).toBeDefined();
  });
});

describe('the Service and ServiceMonitor', () => {
  it('route to the pods and their named port', () => {
    expect(
      selects(
        labelsOf(service, 'spec', 'selector'),
        labelsOf(deployment, 'spec', 'template', 'metadata', 'labels'),
      ),
    ).toBe(true);
    const servicePorts = objects(at(service, 'spec', 'ports'), 'ports');
    const containerPorts = objects(at(container, 'ports'), 'ports').map((p) => p.name);
    for (const port of servicePorts) expect(containerPorts).toContain(port.targetPort);
  });

  it('scrape the metrics path through a named Service port', () => {
    expect(
      selects(
        labelsOf(serviceMonitor, 'spec', 'selector', 'matchLabels'),
        labelsOf(service, 'metadata', 'labels'),
      ),
    ).toBe(true);
    const servicePorts = objects(at(service, 'spec', 'ports'), 'ports').map((p) => p.name);
    for (const endpoint of objects(at(serviceMonitor, 'spec', 'endpoints'), 'endpoints')) {
      expect(servicePorts).toContain(endpoint.port);
      expect(endpoint.path).toBe(DEFAULT_TELEMETRY_PATH);
    }
  });

  it('produce the job name the README uses (the Service name, no jobLabel), though no rule selects on it', () => {
    expect(at(service, 'metadata', 'name')).toBe('openai-usage-exporter');
    expect(isObject(serviceMonitor.spec) && serviceMonitor.spec.jobLabel === undefined).toBe(true);
    expect(readRepoFile('README.md')).toContain('job_name: openai-usage-exporter');
    expect(readRepoFile('grafana/rules/openai-usage-exporter.rules.yml')).not.toMatch(/\bjob\s*=~?/);
  });
});
