/**
 * The registry: every rule ThreatLint ships, in one enumerable list. Docs, the
 * catalogue test, the CLI's `rules` command and SARIF's rule table all read it.
 */
import type { HoverProvider } from '../engine/engine';
import type { Rule } from '../engine/types';
import { effectiveContextHover } from './k8s/support/effectiveContextHover';
import suppressionReason from './threatlint/suppression-reason';
import staleSuppression from './threatlint/stale-suppression';
import k8sImageLatestTag from './k8s/image-latest-tag';
import k8sImageRegistryAllowlist from './k8s/image-registry-allowlist';
import k8sPrivilegedContainer from './k8s/privileged-container';
import k8sRunAsRoot from './k8s/run-as-root';
import k8sAllowPrivilegeEscalation from './k8s/allow-privilege-escalation';
import k8sReadonlyRootFilesystem from './k8s/readonly-root-filesystem';
import k8sCapabilitiesDropAll from './k8s/capabilities-drop-all';
import k8sDangerousCapabilities from './k8s/dangerous-capabilities';
import k8sSeccompProfile from './k8s/seccomp-profile';
import k8sHostNamespaces from './k8s/host-namespaces';
import k8sHostPathVolume from './k8s/host-path-volume';
import k8sConfigmapSecret from './k8s/configmap-secret';
import k8sEnvLiteralSecret from './k8s/env-literal-secret';
import k8sDefaultNamespace from './k8s/default-namespace';
import k8sAutomountServiceAccountToken from './k8s/automount-service-account-token';
import k8sDefaultServiceAccount from './k8s/default-service-account';
import k8sResourceLimits from './k8s/resource-limits';
import k8sIngressTls from './k8s/ingress-tls';
import k8sRbacWildcard from './k8s/rbac-wildcard';
import k8sClusterAdminBinding from './k8s/cluster-admin-binding';
import k8sSecretInManifest from './k8s/secret-in-manifest';
import k8sDbTlsDisabled from './k8s/db-tls-disabled';
import dockerUserRoot from './docker/user-root';
import dockerImageLatestTag from './docker/image-latest-tag';
import dockerImageRegistryAllowlist from './docker/image-registry-allowlist';
import dockerSecretInEnv from './docker/secret-in-env';
import dockerCurlPipeShell from './docker/curl-pipe-shell';
import dockerAddRemoteUrl from './docker/add-remote-url';
import dockerSudo from './docker/sudo';
import dockerChmodWorldWritable from './docker/chmod-world-writable';
import dockerSshServer from './docker/ssh-server';
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
import tsJwtHardcodedSecret from './ts/jwt-hardcoded-secret';
import tsJwtDecodeUnverified from './ts/jwt-decode-unverified';
import tsSqlStringBuilt from './ts/sql-string-built';
import tsJwtNoneAlgorithm from './ts/jwt-none-algorithm';
import tsJwtVerifyNoAlgorithms from './ts/jwt-verify-no-algorithms';
import tsJwtIgnoreExpiration from './ts/jwt-ignore-expiration';
import tsJwtNoExpiry from './ts/jwt-no-expiry';
import tsJwtVerifyMissingClaims from './ts/jwt-verify-missing-claims';
import tsDbTlsDisabled from './ts/db-tls-disabled';
import tsDbHardcodedPassword from './ts/db-hardcoded-password';
import tsErrorDetailsExposed from './ts/error-details-exposed';

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

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
