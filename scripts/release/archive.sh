#!/usr/bin/env bash
# Packs a published binary as kubectl-istio_tls_vX.Y.Z_<os>_<arch>.tar.gz (.zip for Windows):
# the binary, LICENSE and the completion script at the archive root, no debug symbols.
#   scripts/release/archive.sh --version vX.Y.Z --rid RID [--from PUBLISH_DIR] [--out DIST_DIR]
source "$(dirname "$0")/common.sh"

version="" rid="" from="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift 2 ;;
    --rid) rid=$2; shift 2 ;;
    --from) from=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) die "unknown argument \"$1\"; usage: archive.sh [--version vX.Y.Z] [--rid RID] [--from DIR] [--out DIR]" ;;
  esac
done
version=$(resolve_version "$version")
rid=${rid:-$(host_rid)}
from=${from:-$REPO_ROOT/artifacts/publish/$rid}
out=${out:-$REPO_ROOT/artifacts/dist}
name=$(archive_name "$version" "$rid")

case "$rid" in
  win-*) files=("$BINARY.exe" LICENSE "$COMPLETION.cmd") ;;
  *) files=("$BINARY" LICENSE "$COMPLETION") ;;
esac

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
[ -f "$from/${files[0]}" ] || die "no binary at $from/${files[0]}: run scripts/release/publish.sh --rid $rid first"
cp "$from/${files[0]}" "$REPO_ROOT/LICENSE" "$staging/"
cp "$REPO_ROOT/cmd/kubectl-istio_tls/${files[2]}" "$staging/"
chmod 0755 "$staging/${files[0]}" "$staging/${files[2]}"
chmod 0644 "$staging/LICENSE"

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/$name"
case "$name" in
  *.zip)
    if command -v zip >/dev/null 2>&1; then
      (cd "$staging" && zip -q -X "$out/$name" "${files[@]}")
    elif command -v 7z >/dev/null 2>&1; then
      (cd "$staging" && 7z a -tzip -bd "$out/$name" "${files[@]}" >/dev/null)
    else
      die "zip or 7z is needed to pack $name"
    fi
    ;;
  *)
    if tar --version 2>/dev/null | grep -q 'GNU tar'; then
      # Same content, same archive: fixed order, owner and times.
      tar -C "$staging" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -czf "$out/$name" "${files[@]}"
    else
      tar -C "$staging" -czf "$out/$name" "${files[@]}"
    fi
    ;;
esac
echo "$out/$name"
