#!/usr/bin/env bash
# Coverage-guided fuzzing of the loader with AFL++ (Debian: afl++) and SharpFuzz:
#   fuzz/run.sh [--seconds N] [--out DIR] [--resume]
# Builds fuzz/IstioTls.Fuzz in Release, instruments IstioTls.dll and YamlDotNet.dll with the
# sharpfuzz tool (dotnet tool restore), and runs afl-fuzz for N seconds (default 600) from the
# committed seeds. Findings land in DIR/default/crashes and hangs; replay them with
#   dotnet DIR/bin/IstioTls.Fuzz.dll replay DIR/default/crashes
# and copy each fixed one into fuzz/corpus/regressions, which the unit tests replay.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=600
out=artifacts/fuzz
resume=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --resume) resume=true; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
dotnet tool restore >/dev/null
bin="$out/bin"
rm -rf "$bin"
dotnet publish fuzz/IstioTls.Fuzz -c Release -o "$bin" --nologo -v quiet
for assembly in IstioTls.dll YamlDotNet.dll; do
  dotnet sharpfuzz "$bin/$assembly"
done
input=fuzz/corpus/seeds
if $resume && [[ -d "$out/default/queue" ]]; then
  input=-
fi
# .NET is not an AFL-compiled binary (SKIP_BIN_CHECK); a hang is an input that takes over a
# second (-t 1000); memory is bounded by the input size limit and the hostile-input tests,
# not by afl (-m none: the runtime reserves far more address space than it uses).
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_NO_AFFINITY=1 AFL_AUTORESUME=1 \
  afl-fuzz -i "$input" -o "$out" -t 1000 -m none -V "$seconds" -- dotnet "$bin/IstioTls.Fuzz.dll"
cat "$out/default/fuzzer_stats"
