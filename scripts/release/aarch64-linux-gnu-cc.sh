#!/bin/sh
# Linker driver for linux-arm64 native AOT on an x64 Debian host: the ILCompiler adds clang's
# --target=aarch64-linux-gnu when cross-compiling, which Debian's cross gcc (gcc-aarch64-linux-gnu)
# rejects; it is already that target, so drop the option and run it.
for arg do
  shift
  case "$arg" in
    --target=*) ;;
    *) set -- "$@" "$arg" ;;
  esac
done
exec aarch64-linux-gnu-gcc "$@"
