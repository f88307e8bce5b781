# Shared by the release scripts (sourced, not run). POSIX tools only, so that the same scripts
# run on Linux, on macOS and in Git Bash on Windows runners.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BINARY=kubectl-istio_tls
COMPLETION=kubectl_complete-istio_tls

die() {
  echo "error: $*" >&2
  exit 2
}

# The version to release: the one given (vX.Y.Z[-pre]), else the git tag on HEAD, else v0.0.0-dev.
resolve_version() {
  local version=${1:-}
  if [ -z "$version" ]; then
    version=$(git -C "$REPO_ROOT" describe --tags --exact-match --match 'v[0-9]*' HEAD 2>/dev/null || echo v0.0.0-dev)
  fi
  if ! printf '%s\n' "$version" | grep -Eq '^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'; then
    die "version must look like v1.2.3 or v1.2.3-rc.1, not \"$version\""
  fi
  printf '%s\n' "$version"
}

# .NET runtime identifier -> Go's os_arch, as krew and goreleaser name platforms.
platform_of() {
  case "$1" in
    linux-x64) echo linux_amd64 ;;
    linux-arm64) echo linux_arm64 ;;
    osx-x64) echo darwin_amd64 ;;
    osx-arm64) echo darwin_arm64 ;;
    win-x64) echo windows_amd64 ;;
    *) die "unsupported runtime identifier \"$1\" (linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64)" ;;
  esac
}

archive_name() { # VERSION RID
  local platform
  platform=$(platform_of "$2")
  case "$2" in
    win-*) echo "${BINARY}_$1_${platform}.zip" ;;
    *) echo "${BINARY}_$1_${platform}.tar.gz" ;;
  esac
}

# The runtime identifier of this machine, the default target.
host_rid() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=osx ;;
    MINGW* | MSYS* | CYGWIN*) os=win ;;
    *) die "unsupported operating system $(uname -s)" ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "unsupported architecture $(uname -m)" ;;
  esac
  echo "$os-$arch"
}

# The runtime identifiers this machine builds when none is named: native AOT does not cross
# operating systems; on Linux x64 it crosses to arm64 when Debian's cross gcc is there.
default_rids() {
  case "$(host_rid)" in
    linux-arm64) echo linux-x64 linux-arm64 ;;
    linux-*)
      if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
        echo linux-x64 linux-arm64
      else
        echo "note: no aarch64-linux-gnu-gcc, so no linux-arm64 archive (apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu)" >&2
        echo linux-x64
      fi
      ;;
    osx-*) echo osx-x64 osx-arm64 ;;
    win-*) echo win-x64 ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}
