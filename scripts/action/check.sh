#!/usr/bin/env bash
# The GitHub Action's step (action.yml): downloads the release archive for the runner's OS and
# architecture, verifies it against the release's checksums.txt, and runs check on the paths.
# Inputs come as the environment the action sets; it also runs locally (the tests point
# INPUT_DOWNLOAD_BASE at a file:// folder holding a locally built release):
#   INPUT_PATHS        manifest files or folders, separated by spaces or newlines (default: .)
#   INPUT_FORMAT       github (annotations, default), sarif, table, json or yaml
#   INPUT_FAIL_ON      none, info, warning (default) or error
#   INPUT_SARIF_FILE   where -o sarif is written (default: istio-tls.sarif)
#   INPUT_VERSION      the release, vX.Y.Z (default: the action's own ref, when it is a version)
#   INPUT_DOWNLOAD_BASE  where releases are: BASE/VERSION/ARCHIVE (default: GitHub releases)
set -euo pipefail

die() {
  echo "::error title=kubectl istio-tls action::$*" >&2
  exit 2
}

paths=${INPUT_PATHS:-.}
format=${INPUT_FORMAT:-github}
fail_on=${INPUT_FAIL_ON:-warning}
sarif_file=${INPUT_SARIF_FILE:-istio-tls.sarif}
version=${INPUT_VERSION:-}
base=${INPUT_DOWNLOAD_BASE:-https://github.com/istio-tls/kubectl-istio-tls/releases/download}

if [ -z "$version" ]; then
  case "${GITHUB_ACTION_REF:-}" in
    v[0-9]*.*) version=$GITHUB_ACTION_REF ;;
    *) die "set the version input (vX.Y.Z): the action's ref \"${GITHUB_ACTION_REF:-}\" is not a release" ;;
  esac
fi

# Go's names, as the release archives use them.
case "${RUNNER_OS:-$(uname -s)}" in
  Linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows) os=windows ;;
  *) die "no release for the runner OS ${RUNNER_OS:-$(uname -s)}" ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | aarch64 | arm64) arch=arm64 ;;
  *) die "no release for the runner architecture ${RUNNER_ARCH:-$(uname -m)}" ;;
esac
binary=kubectl-istio_tls
archive=${binary}_${version}_${os}_${arch}.tar.gz
if [ "$os" = windows ]; then
  archive=${binary}_${version}_${os}_${arch}.zip
  binary=$binary.exe
fi

work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/istio-tls.XXXXXX")
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/$archive" "$base/$version/$archive" || die "cannot download $base/$version/$archive"
curl -fsSL --retry 3 -o "$work/checksums.txt" "$base/$version/checksums.txt" || die "cannot download $base/$version/checksums.txt"

# checksums.txt is sha256sum's format: "HASH  NAME", one archive a line.
expected=$(awk -v name="$archive" '$2 == name { print $1 }' "$work/checksums.txt")
[ -n "$expected" ] || die "checksums.txt of $version does not list $archive"
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/$archive" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')
fi
[ "$actual" = "$expected" ] || die "$archive does not match checksums.txt (sha256 $actual, expected $expected): not running it"

mkdir "$work/bin"
case "$archive" in
  *.zip) unzip -q "$work/$archive" -d "$work/bin" ;;
  *) tar -xzf "$work/$archive" -C "$work/bin" ;;
esac

args=(check --fail-on "$fail_on" -o "$format")
for path in $paths; do
  args+=(-f "$path")
done
status=0
if [ "$format" = sarif ]; then
  "$work/bin/$binary" "${args[@]}" >"$sarif_file" || status=$?
  echo "wrote $sarif_file"
else
  "$work/bin/$binary" "${args[@]}" || status=$?
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    [ "$format" = sarif ] && echo "sarif-file=$sarif_file"
  } >>"$GITHUB_OUTPUT"
fi
exit "$status"
