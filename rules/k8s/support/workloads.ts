import { isMap, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { YamlFile } from '../../../engine/types';
import { deref, mapAt, pairOf, seqAt, stringAt } from './yamlNodes';

/** Where a pod template sits in each workload kind. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

export const CONTAINER_GROUPS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
export type ContainerGroup = (typeof CONTAINER_GROUPS)[number];

export interface K8sObject {
  doc: Document.Parsed;
  map: YAMLMap;
  kind: string;
}

export interface Workload extends K8sObject {
  podSpec: YAMLMap;
}

export interface Container {
  workload: Workload;
  map: YAMLMap;
  group: ContainerGroup;
  name: string | undefined;
  /** The `name:` pair, where findings about absent settings are reported. */
  namePair: Pair | undefined;
}

/** Every object of every document, with `kind: List` expanded into its items. */
export function* objects(file: YamlFile): Generator<K8sObject> {
  for (const doc of file.docs) {
    const root = deref(doc.contents, doc);
    if (!isMap(root)) continue;
    yield* expand(root, doc);
  }
}

/**
 * Configuration files of tools (kustomize, kubelet/apiserver, kubeadm, kind, skaffold,
 * kubeconfig, audit policy) borrow the `apiVersion`/`kind` shape but are never applied as
 * cluster objects, so no manifest check applies to them.
 */
export function isToolConfig(apiVersion: string | undefined, kind: string): boolean {
  if (!apiVersion) return false;
  if (apiVersion === 'v1' && kind === 'Config') return true;
  return /(^|\.)config\.k8s\.io\/|^(kubeadm\.k8s\.io|kind\.x-k8s\.io|audit\.k8s\.io|skaffold)\//.test(apiVersion);
}

function* expand(map: YAMLMap, doc: Document.Parsed): Generator<K8sObject> {
  const kind = stringAt(map, 'kind', doc);
  if (!kind || isToolConfig(stringAt(map, 'apiVersion', doc), kind)) return;
  if (kind.endsWith('List')) {
    for (const item of seqAt(map, 'items', doc)?.items ?? []) {
      const value = deref(item, doc);
      if (isMap(value)) yield* expand(value, doc);
    }
    return;
  }
  yield { doc, map, kind };
}

const TEMPLATE_PATH = ['spec', 'template', 'spec'];

/**
 * A kind we do not list whose `spec.template.spec.containers` is a list is a pod template all the
 * same: a Helm `kind: {{ .Values.kind }}` (Deployment or StatefulSet at install time), Argo
 * Rollouts, OpenShift DeploymentConfig, Knative Service.
 */
function podTemplateShaped(object: K8sObject): boolean {
  let current: YAMLMap | undefined = object.map;
  for (const key of TEMPLATE_PATH) current = current && mapAt(current, key, object.doc);
  return current !== undefined && seqAt(current, 'containers', object.doc) !== undefined;
}

export function* workloads(file: YamlFile): Generator<Workload> {
  for (const object of objects(file)) {
    const path = POD_SPEC_PATHS[object.kind] ?? (podTemplateShaped(object) ? TEMPLATE_PATH : undefined);
    if (!path) continue;
    let current: YAMLMap | undefined = object.map;
    for (const key of path) current = current && mapAt(current, key, object.doc);
    if (current) yield { ...object, podSpec: current };
  }
}

/**
 * `image:` scalars of containers that custom resources embed elsewhere than a pod template
 * (Argo Workflows `templates[].container`, KEDA ScaledJob `jobTargetRef.template.spec.containers`,
 * an operator's `podTemplates[].spec.containers`, a Pod inside a policy): only the image is
 * checked there, since the operator may add security settings of its own.
 */
export function* embeddedContainerImages(file: YamlFile): Generator<{ image: Scalar; doc: Document.Parsed }> {
  for (const object of objects(file)) {
    if (POD_SPEC_PATHS[object.kind] || podTemplateShaped(object) || object.kind === 'CustomResourceDefinition') continue;
    yield* imagesUnder(object.map, object.doc, 0);
  }
}

function* imagesUnder(map: YAMLMap, doc: Document.Parsed, depth: number): Generator<{ image: Scalar; doc: Document.Parsed }> {
  if (depth > 16) return;
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = deref(pair.value, doc);
    const inContainerList = (CONTAINER_GROUPS as readonly string[]).includes(key);
    if (isSeq(value)) {
      for (const item of value.items) {
        const entry = deref(item, doc);
        if (!isMap(entry)) continue;
        const image = inContainerList ? deref(entry.get('image', true), doc) : undefined;
        if (isScalar(image)) yield { image, doc };
        else yield* imagesUnder(entry, doc, depth + 1);
      }
    } else if (isMap(value)) {
      const image = key === 'container' ? deref(value.get('image', true), doc) : undefined;
      if (isScalar(image)) yield { image, doc };
      else yield* imagesUnder(value, doc, depth + 1);
    }
  }
}

export function* containers(file: YamlFile): Generator<Container> {
  for (const workload of workloads(file)) {
    for (const group of CONTAINER_GROUPS) {
      for (const item of seqAt(workload.podSpec, group, workload.doc)?.items ?? []) {
        const map = deref(item, workload.doc);
        if (!isMap(map)) continue;
        yield { workload, map, group, name: stringAt(map, 'name', workload.doc), namePair: pairOf(map, 'name') };
      }
    }
  }
}

/** docker-compose services (`services.<name>`), each with its map. */
export function* composeServices(file: YamlFile): Generator<{ doc: Document.Parsed; name: string; map: YAMLMap }> {
  for (const doc of file.docs) {
    const root = deref(doc.contents, doc);
    if (!isMap(root)) continue;
    const services = mapAt(root, 'services', doc);
    for (const pair of services?.items ?? []) {
      const map = deref(pair.value, doc);
      const key = deref(pair.key, doc);
      if (isMap(map)) yield { doc, name: String((key as { value?: unknown })?.value ?? ''), map };
    }
  }
}
