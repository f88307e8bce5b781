#!/usr/bin/env bash
# Coverage-guided fuzzing of the loader with AFL++ (Debian: afl++) and SharpFuzz:
#   fuzz/run.sh [--seconds N] [--out DIR] [--resume]
# Builds fuzz/IstioTls.Fuzz in Release, instruments IstioTls.dll and YamlDotNet.dll with the
# sharpfuzz tool (dotnet tool restore), runs afl-fuzz for N seconds (default 600) from the
# committed seeds (or, with --resume, from DIR's queue), then replays what it saved in
# DIR/default/crashes and hangs with an uninstrumented build: exit 1 when any is a defect.
# Copy each input fixed into fuzz/corpus/regressions, which the unit tests replay.
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
replay="$out/replay"
rm -rf "$bin" "$replay"
dotnet publish fuzz/IstioTls.Fuzz -c Release -o "$bin" --nologo -v quiet
# The instrumented assemblies need afl's shared memory, so findings replay with a plain copy.
cp -r "$bin" "$replay"
for assembly in IstioTls.dll YamlDotNet.dll; do
  dotnet sharpfuzz "$bin/$assembly"
done
input=fuzz/corpus/seeds
if $resume && [[ -d "$out/default/queue" ]]; then
  input=-
fi
# .NET is not an AFL-compiled binary (SKIP_BIN_CHECK); a hang is an input that takes over a
# second (-t 1000); memory is bounded by the readers' limits, not by afl (-m none: the runtime
# reserves far more address space than it uses).
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_NO_AFFINITY=1 AFL_AUTORESUME=1 \
  afl-fuzz -i "$input" -o "$out" -t 1000 -m none -V "$seconds" -- dotnet "$bin/IstioTls.Fuzz.dll"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|saved_crashes|saved_hangs) ' "$out/default/fuzzer_stats"
if compgen -G "$out/default/crashes/id*" >/dev/null || compgen -G "$out/default/hangs/id*" >/dev/null; then
  dotnet "$replay/IstioTls.Fuzz.dll" replay "$out/default/crashes" "$out/default/hangs"
fi
