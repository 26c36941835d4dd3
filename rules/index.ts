/**
 * The registry: every rule ThreatLint ships, in one enumerable list. Docs, the
 * catalogue test, the CLI's `rules` command and SARIF's rule table all read it.
 */
import type { HoverProvider } from './core/engine';
import type { Rule } from './core/types';
import { effectiveContextHover } from './kubernetes/support/effectiveContextHover';
import suppressionReason from './common/suppression-reason';
import staleSuppression from './common/stale-suppression';
import k8sImageLatestTag from './kubernetes/image-latest-tag';
import k8sImageRegistryAllowlist from './kubernetes/image-registry-allowlist';
import k8sPrivilegedContainer from './kubernetes/privileged-container';
import k8sRunAsRoot from './kubernetes/run-as-root';
import k8sAllowPrivilegeEscalation from './kubernetes/allow-privilege-escalation';
import k8sReadonlyRootFilesystem from './kubernetes/readonly-root-filesystem';
import k8sCapabilitiesDropAll from './kubernetes/capabilities-drop-all';
import k8sDangerousCapabilities from './kubernetes/dangerous-capabilities';
import k8sSeccompProfile from './kubernetes/seccomp-profile';
import k8sHostNamespaces from './kubernetes/host-namespaces';
import k8sHostPathVolume from './kubernetes/host-path-volume';
import k8sConfigmapSecret from './kubernetes/configmap-secret';
import k8sEnvLiteralSecret from './kubernetes/env-literal-secret';
import k8sDefaultNamespace from './kubernetes/default-namespace';
import k8sAutomountServiceAccountToken from './kubernetes/automount-service-account-token';
import k8sDefaultServiceAccount from './kubernetes/default-service-account';
import k8sResourceLimits from './kubernetes/resource-limits';
import k8sIngressTls from './kubernetes/ingress-tls';
import k8sRbacWildcard from './kubernetes/rbac-wildcard';
import k8sClusterAdminBinding from './kubernetes/cluster-admin-binding';
import k8sSecretInManifest from './kubernetes/secret-in-manifest';
import k8sDbTlsDisabled from './kubernetes/db-tls-disabled';
import dockerUserRoot from './dockerfile/user-root';
import dockerImageLatestTag from './dockerfile/image-latest-tag';
import dockerImageRegistryAllowlist from './dockerfile/image-registry-allowlist';
import dockerSecretInEnv from './dockerfile/secret-in-env';
import dockerCurlPipeShell from './dockerfile/curl-pipe-shell';
import dockerAddRemoteUrl from './dockerfile/add-remote-url';
import dockerSudo from './dockerfile/sudo';
import dockerChmodWorldWritable from './dockerfile/chmod-world-writable';
import dockerSshServer from './dockerfile/ssh-server';
import goJwtParseUnverified from './go/jwt-parse-unverified';
import goJwtHardcodedKey from './go/jwt-hardcoded-key';
import goSqlStringBuilt from './go/sql-string-built';
import goTlsInsecureSkipVerify from './go/tls-insecure-skip-verify';
import goDbTlsDisabled from './go/db-tls-disabled';
import goHardcodedCredentials from './go/hardcoded-credentials';
import goJwtNoneAlgorithm from './go/jwt-none-algorithm';
import goJwtKeyfuncNoMethodCheck from './go/jwt-keyfunc-no-method-check';
import goJwtNoExpiry from './go/jwt-no-expiry';
import goHttpWithoutTls from './go/http-without-tls';
import goErrorDetailsExposed from './go/error-details-exposed';
import tsJwtHardcodedSecret from './typescript/jwt-hardcoded-secret';
import tsJwtDecodeUnverified from './typescript/jwt-decode-unverified';
import tsSqlStringBuilt from './typescript/sql-string-built';
import tsJwtNoneAlgorithm from './typescript/jwt-none-algorithm';
import tsJwtVerifyNoAlgorithms from './typescript/jwt-verify-no-algorithms';
import tsJwtIgnoreExpiration from './typescript/jwt-ignore-expiration';
import tsJwtNoExpiry from './typescript/jwt-no-expiry';
import tsJwtVerifyMissingClaims from './typescript/jwt-verify-missing-claims';
import tsDbTlsDisabled from './typescript/db-tls-disabled';
import tsDbHardcodedPassword from './typescript/db-hardcoded-password';
import tsErrorDetailsExposed from './typescript/error-details-exposed';

export const allRules: readonly Rule[] = [
  suppressionReason,
  staleSuppression,
  k8sImageLatestTag,
  k8sImageRegistryAllowlist,
  k8sPrivilegedContainer,
  k8sRunAsRoot,
  k8sAllowPrivilegeEscalation,
  k8sReadonlyRootFilesystem,
  k8sCapabilitiesDropAll,
  k8sDangerousCapabilities,
  k8sSeccompProfile,
  k8sHostNamespaces,
  k8sHostPathVolume,
  k8sConfigmapSecret,
  k8sEnvLiteralSecret,
  k8sDefaultNamespace,
  k8sAutomountServiceAccountToken,
  k8sDefaultServiceAccount,
  k8sResourceLimits,
  k8sIngressTls,
  k8sRbacWildcard,
  k8sClusterAdminBinding,
  k8sSecretInManifest,
  k8sDbTlsDisabled,
  dockerUserRoot,
  dockerImageLatestTag,
  dockerImageRegistryAllowlist,
  dockerSecretInEnv,
  dockerCurlPipeShell,
  dockerAddRemoteUrl,
  dockerSudo,
  dockerChmodWorldWritable,
  dockerSshServer,
  goJwtParseUnverified,
  goJwtHardcodedKey,
  goSqlStringBuilt,
  goTlsInsecureSkipVerify,
  goDbTlsDisabled,
  goHardcodedCredentials,
  goJwtNoneAlgorithm,
  goJwtKeyfuncNoMethodCheck,
  goJwtNoExpiry,
  goHttpWithoutTls,
  goErrorDetailsExposed,
  tsJwtHardcodedSecret,
  tsJwtDecodeUnverified,
  tsSqlStringBuilt,
  tsJwtNoneAlgorithm,
  tsJwtVerifyNoAlgorithms,
  tsJwtIgnoreExpiration,
  tsJwtNoExpiry,
  tsJwtVerifyMissingClaims,
  tsDbTlsDisabled,
  tsDbHardcodedPassword,
  tsErrorDetailsExposed,
];

/** Hover providers: explanations beyond findings (e.g. a container's effective security context). */
export const hoverProviders: readonly HoverProvider[] = [effectiveContextHover];

/** The folder under rules/ that holds rules of an id prefix. */
export const RULE_FOLDERS: Record<string, string> = {
  threatlint: 'common',
  k8s: 'kubernetes',
  compose: 'kubernetes',
  docker: 'dockerfile',
  go: 'go',
  ts: 'typescript',
};

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
