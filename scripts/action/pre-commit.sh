#!/usr/bin/env bash
# pre-commit's hook (.pre-commit-hooks.yaml): runs the installed kubectl-istio_tls on the
# changed manifest files, each as -f FILE; the hook's args (check flags) come first.
set -euo pipefail
args=()
files=()
for arg in "$@"; do
  if [ -f "$arg" ]; then files+=(-f "$arg"); else args+=("$arg"); fi
done
[ ${#files[@]} -gt 0 ] || exit 0
command -v kubectl-istio_tls >/dev/null 2>&1 || {
  echo "kubectl-istio_tls is not on PATH: install it (kubectl krew install istio-tls, or a release archive)" >&2
  exit 2
}
exec kubectl-istio_tls check "${args[@]}" "${files[@]}"
