#!/usr/bin/env bash
# The benchmark of docs/benchmarks.md in one command: bench/run.sh [--quick] [harness flags].
# Publishes the native AOT binary, makes sure of GNU time, bash, jq and kubectl, and runs the
# side-by-side harness, which rewrites docs/benchmarks.md, docs/benchmarks.json and the plots.
# The full run takes about an hour on two cores: the seed's script makes two kubectl calls per
# Gateway.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v jq >/dev/null || missing+=(jq)
command -v bash >/dev/null || missing+=(bash)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi
if [ ! -x /usr/bin/kubectl ]; then
  echo "kubectl is needed at /usr/bin/kubectl (the seed's script and the kubectl-get baseline use it)" >&2
  exit 2
fi

dotnet publish cmd/kubectl-istio_tls -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot --nologo -v quiet
dotnet run -c Release --project bench/IstioTls.Bench -- "$@"
