#!/usr/bin/env bash
# Builds bench/parse-only/obj/parse-only against the libfolint-treesitter.so that `dotnet build` of
# src/CSource produced (same runtime and grammar as folint), with an rpath to that library.
#   bench/parse-only/build.sh            then   bench/parse-only/obj/parse-only DIR...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
native="$root/src/CSource/obj/native"
lib="$native/libfolint-treesitter.so"
include="$native/src/tree-sitter/package/vendor/tree-sitter/lib/include"
if [ ! -f "$lib" ] || [ ! -f "$include/tree_sitter/api.h" ]; then
  echo "parse-only: $lib or tree-sitter's api.h is missing; run 'dotnet build src/CSource' first" >&2
  exit 1
fi
mkdir -p "$here/obj"
tmp="$here/obj/parse-only.tmp.$$"
"${CC:-cc}" -O2 -std=gnu11 -Wall -Wextra -Werror -I "$include" "$here/parse-only.c" \
  -L "$native" -l:libfolint-treesitter.so -Wl,-rpath,"$native" -o "$tmp"
mv -f "$tmp" "$here/obj/parse-only"
echo "built $here/obj/parse-only"
