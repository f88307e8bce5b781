#!/usr/bin/env bash
# Writes checksums.txt for every archive in a directory, in sha256sum's format
# ("<sha256>  <file>"), so that `sha256sum -c checksums.txt` verifies a download.
#   scripts/release/checksums.sh [DIST_DIR]
source "$(dirname "$0")/common.sh"

dist=${1:-$REPO_ROOT/artifacts/dist}
[ -d "$dist" ] || die "no directory $dist"
: >"$dist/checksums.txt.tmp"
found=0
for archive in "$dist"/*.tar.gz "$dist"/*.zip; do
  [ -e "$archive" ] || continue
  found=1
  printf '%s  %s\n' "$(sha256_of "$archive")" "$(basename "$archive")" >>"$dist/checksums.txt.tmp"
done
[ "$found" = 1 ] || die "no archives in $dist"
sort -k2 "$dist/checksums.txt.tmp" >"$dist/checksums.txt"
rm -f "$dist/checksums.txt.tmp"
echo "$dist/checksums.txt"
