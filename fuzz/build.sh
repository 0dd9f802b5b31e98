#!/bin/sh
# Build every fuzz/fuzz_*.c into build/fuzz/ with clang's libFuzzer, ASan and
# UBSan (the library is compiled again with the same instrumentation).
#   sh fuzz/build.sh            then e.g.
#   build/fuzz/fuzz_meta -max_total_time=300 -timeout=10 build/fuzz/corpus-meta fuzz/corpus/meta
# (copy the seed corpus first, or give a fresh directory before it, so the
# tracked corpus is not rewritten). Crashes land in the current directory.
set -eu
cd "$(dirname "$0")/.."
make -s build/gen/embedded_data.c
CC=${FUZZ_CC:-clang}
FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
STD="-std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -Ibuild/gen $(pkg-config --cflags icu-uc icu-i18n libcjson)"
LIBS="$(pkg-config --libs icu-uc icu-i18n libcjson) -lcsv -lm"
out=build/fuzz
mkdir -p "$out/obj"
for f in src/*.c build/gen/embedded_data.c; do
    o="$out/obj/$(basename "$f" .c).o"
    [ "$o" -nt "$f" ] || $CC $STD $FLAGS -fsanitize=fuzzer-no-link -c "$f" -o "$o"
done
for t in fuzz/fuzz_*.c; do
    name=$(basename "$t" .c)
    $CC $STD $FLAGS -fsanitize=fuzzer "$t" "$out"/obj/*.o $LIBS -o "$out/$name"
    echo "built $out/$name"
done
