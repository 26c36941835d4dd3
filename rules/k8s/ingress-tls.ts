import { defineYamlRule } from '../../engine/defineRule';
import { templatedWithin } from './support/templates';
import { objects } from './support/workloads';
import type { Document, YAMLMap } from 'yaml';
import { mapAt, pairOf, seqAt } from './support/yamlNodes';

/**
 * Annotations with which a cloud load balancer terminates TLS with its own certificate, so an
 * Ingress serves HTTPS without `spec.tls`: GKE managed or pre-shared certificates, AWS ALB
 * certificate ARNs, Azure Application Gateway certificates.
 */
const CERTIFICATE_ANNOTATIONS = [
  'networking.gke.io/managed-certificates',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'alb.ingress.kubernetes.io/certificate-arn',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
];

function cloudCertificate(object: YAMLMap, doc: Document.Parsed): boolean {
  const metadata = mapAt(object, 'metadata', doc);
  const annotations = metadata && mapAt(metadata, 'annotations', doc);
  return annotations !== undefined && CERTIFICATE_ANNOTATIONS.some((name) => annotations.has(name));
}

export default defineYamlRule(
  {
    id: 'k8s/ingress-tls',
    title: 'Ingress without TLS',
    description: 'An Ingress without `spec.tls`, which serves its hosts over plain HTTP.',
    messages: { noTls: 'Ingress has no spec.tls: its hosts are served over plain HTTP' },
    severity: 'error',
    cwe: [319],
    stride: ['Information Disclosure', 'Tampering'],
    threat: { ids: ['BS-05', 'BS-11', 'BS-27'], summary: 'MITM on the booking website when TLS is not enabled at the ingress' },
    remediation:
      'Add `spec.tls` with the hosts and a `secretName` holding the certificate (cert-manager can issue it), and redirect HTTP to HTTPS at the ingress controller.',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const object of objects(file)) {
      if (object.kind !== 'Ingress') continue;
      const spec = mapAt(object.map, 'spec', object.doc);
      const tls = spec && seqAt(spec, 'tls', object.doc);
      if ((tls && tls.items.length > 0) || templatedWithin(file, spec?.range) || cloudCertificate(object.map, object.doc)) continue;
      const key = ((spec && (pairOf(spec, 'tls') ?? pairOf(spec, 'rules'))) ?? pairOf(object.map, 'kind'))?.key as
        { range?: [number, number, number] } | undefined;
      if (!key?.range) continue;
      report({ range: { start: key.range[0], end: key.range[1] }, messageId: 'noTls' });
    }
  },
);
