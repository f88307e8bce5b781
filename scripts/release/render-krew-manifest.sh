#!/usr/bin/env bash
# Renders the krew manifest from the krew-release-bot template (.krew.yaml) the way the bot does:
# {{ .TagName }} becomes the version and each {{addURIAndSha "URL" .TagName }} the uri and the
# sha256 of that archive, taken from checksums.txt. A platform whose archive is not in
# checksums.txt is left out (a local build has the Linux archives only), unless --require-all.
#   scripts/release/render-krew-manifest.sh [--version vX.Y.Z] [--checksums FILE] [--require-all] [--template FILE]
# --placeholder-sha renders every sha256 as 64 zeros (plugins/krew-manifest.yaml before a release).
source "$(dirname "$0")/common.sh"

version="" checksums="" require_all=0 placeholder=0 template=$REPO_ROOT/.krew.yaml
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift 2 ;;
    --checksums) checksums=$2; shift 2 ;;
    --require-all) require_all=1; shift ;;
    --placeholder-sha) placeholder=1; shift ;;
    --template) template=$2; shift 2 ;;
    *) die "unknown argument \"$1\"; usage: render-krew-manifest.sh [--version vX.Y.Z] [--checksums FILE] [--require-all] [--placeholder-sha]" ;;
  esac
done
version=$(resolve_version "$version")
if [ "$placeholder" = 0 ]; then
  checksums=${checksums:-$REPO_ROOT/artifacts/dist/checksums.txt}
  [ -f "$checksums" ] || die "no $checksums: run scripts/release/checksums.sh first"
else
  checksums=/dev/null
fi
[ -f "$template" ] || die "no template $template"

awk -v version="$version" -v placeholder="$placeholder" -v require_all="$require_all" -v checksums="$checksums" '
  BEGIN { while ((getline line < checksums) > 0) { split(line, field, " +"); sha[field[2]] = field[1] } }
  function flush() {
    if (item != "" && keep) printf "%s", item
    if (item != "" && keep) kept++
    item = ""
  }
  /^#/ && !started { next }
  { started = 1; gsub(/\{\{ *\.TagName *\}\}/, version) }
  /^  platforms:/ { print; in_platforms = 1; next }
  in_platforms && /^  - / { flush(); keep = 1 }
  /\{\{ *addURIAndSha / {
    match($0, /^ */); indent = substr($0, 1, RLENGTH)
    url = $0; sub(/^[^"]*"/, "", url); sub(/".*$/, "", url)
    file = url; sub(/.*\//, "", file)
    if (placeholder == 1) hash = "0000000000000000000000000000000000000000000000000000000000000000"
    else if (file in sha) hash = sha[file]
    else if (require_all == 1) { print "error: " file " is not in the checksums" > "/dev/stderr"; failed = 1; exit 2 }
    else { keep = 0; hash = "" }
    # Quoted: an all-digit placeholder (or a digest like 12e34...) would read as a number.
    item = item indent "uri: " url "\n" indent "sha256: \"" hash "\"\n"
    next
  }
  in_platforms { item = item $0 "\n"; next }
  { print }
  END {
    if (failed) exit 2
    flush()
    if (kept == 0) { print "error: no platform of the template has an archive in the checksums" > "/dev/stderr"; exit 2 }
  }
' "$template"
