#!/usr/bin/env bash
# Builds the native AOT binary for one runtime identifier, with the version, commit and build date
# stamped in, and fails on any warning (the one publish command line of the project).
#   scripts/release/publish.sh [--version vX.Y.Z] [--rid RID] [--out DIR]
source "$(dirname "$0")/common.sh"

version="" rid="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift 2 ;;
    --rid) rid=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) die "unknown argument \"$1\"; usage: publish.sh [--version vX.Y.Z] [--rid RID] [--out DIR]" ;;
  esac
done
version=$(resolve_version "$version")
rid=${rid:-$(host_rid)}
platform_of "$rid" >/dev/null
out=${out:-$REPO_ROOT/artifacts/publish/$rid}

commit=$(git -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
extra=()
if [ "$rid" = linux-arm64 ] && [ "$(host_rid)" != linux-arm64 ]; then
  # Cross-compiling on x64: Debian's cross gcc links with its arm64 C library (see README).
  command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || die "linux-arm64 needs the cross toolchain: apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu"
  extra+=("-p:CppCompilerAndLinker=$REPO_ROOT/scripts/release/aarch64-linux-gnu-cc.sh" -p:ObjCopyName=aarch64-linux-gnu-objcopy)
fi

log=$(mktemp)
echo "publish $version for $rid -> $out"
if ! dotnet publish "$REPO_ROOT/cmd/kubectl-istio_tls" -c Release -r "$rid" -p:PublishAot=true \
  "-p:IstioTlsVersion=$version" "-p:IstioTlsCommit=$commit" "-p:IstioTlsBuildDate=$build_date" \
  ${extra[@]+"${extra[@]}"} -o "$out" >"$log" 2>&1; then
  cat "$log" >&2
  die "dotnet publish failed for $rid"
fi
if grep -E ': warning [A-Z]+[0-9]+' "$log" >&2; then
  die "dotnet publish for $rid has warnings (trim/AOT warnings must be fixed)"
fi
rm -f "$log"
