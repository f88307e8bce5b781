#!/usr/bin/env bash
# goreleaser-like release for one version: native AOT binaries for the given runtime identifiers
# (default: those this operating system can build), their archives, checksums.txt and the
# rendered krew manifest istio-tls.yaml, all in one directory.
#   scripts/release/release.sh [--version vX.Y.Z] [--rid RID]... [--out DIR] [--archives-only]
#   scripts/release/release.sh --print-rids      (the default runtime identifiers, for build.cake)
# Native AOT does not cross operating systems: macOS and Windows archives come from the release
# workflow's runners (.github/workflows/release.yml), which run this script with --archives-only
# and then gather the archives to write checksums.txt and the manifest.
source "$(dirname "$0")/common.sh"

version="" out="" archives_only=0 rids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift 2 ;;
    --rid) rids+=("$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    --archives-only) archives_only=1; shift ;;
    --print-rids) default_rids; exit 0 ;;
    *) die "unknown argument \"$1\"; usage: release.sh [--version vX.Y.Z] [--rid RID]... [--out DIR] [--archives-only]" ;;
  esac
done
version=$(resolve_version "$version")
out=${out:-$REPO_ROOT/artifacts/dist}
if [ ${#rids[@]} -eq 0 ]; then
  read -r -a rids <<<"$(default_rids)"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/*.tar.gz "$out"/*.zip "$out/checksums.txt" "$out/istio-tls.yaml"
publish_root=$(mktemp -d)
trap 'rm -rf "$publish_root"' EXIT
for rid in "${rids[@]}"; do
  "$REPO_ROOT/scripts/release/publish.sh" --version "$version" --rid "$rid" --out "$publish_root/$rid"
  "$REPO_ROOT/scripts/release/archive.sh" --version "$version" --rid "$rid" --from "$publish_root/$rid" --out "$out"
done
[ "$archives_only" = 1 ] && exit 0

"$REPO_ROOT/scripts/release/checksums.sh" "$out"
"$REPO_ROOT/scripts/release/render-krew-manifest.sh" --version "$version" --checksums "$out/checksums.txt" >"$out/istio-tls.yaml"
echo "$out/istio-tls.yaml"
