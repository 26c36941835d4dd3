#!/usr/bin/env bash
# The "VS Code executable" test/runTest.ts hands to @vscode/test-electron's runTests() on machines
# without a desktop VS Code: it takes the arguments runTests passes and runs the suite in
# code-server's extension host instead (runInCodeServer.mjs beside this file).
set -euo pipefail
dev="" tests="" folder=""
for arg in "$@"; do
  case "$arg" in
    --extensionDevelopmentPath=*) [ -z "$dev" ] && dev="${arg#*=}" ;;
    --extensionTestsPath=*) tests="${arg#*=}" ;;
    --*) ;; # --user-data-dir, --extensions-dir, --no-sandbox, ...: runInCodeServer.mjs makes its own
    *) [ -d "$arg" ] && folder="$arg" ;;
  esac
done
if [ -z "$dev" ] || [ -z "$tests" ] || [ -z "$folder" ]; then
  echo "code-shim: expected --extensionDevelopmentPath=, --extensionTestsPath= and a workspace folder, got: $*" >&2
  exit 2
fi
exec node "$(dirname "$0")/runInCodeServer.mjs" "$dev" "$tests" "$folder"
