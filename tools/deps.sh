#!/bin/sh
# Install the Debian packages zhx needs, or name them in one line.
#   tools/deps.sh build   what `make` needs
#   tools/deps.sh test    what `make test` needs on top of that
# As root it runs apt-get; otherwise it prints what to install and fails.
set -u
# zlib1g-dev: xlsxwriter.pc links -lz, but Debian's libxlsxwriter-dev does
# not depend on it.
build="make gcc libc6-dev pkg-config libicu-dev libcjson-dev libcsv-dev libxlsxwriter-dev zlib1g-dev"
test="python3 python3-openpyxl parallel clang libclang-rt-14-dev valgrind"
case "${1:-build}" in
build) want=$build ;;
test) want="$build $test" ;;
*) echo "usage: tools/deps.sh build|test" >&2; exit 2 ;;
esac
missing=
for p in $want; do
    s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$s" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "zhx: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >/dev/null ||
        { echo "zhx: apt-get failed; install:$missing" >&2; exit 1; }
    exit 0
fi
echo "zhx: missing packages; install them with: apt-get install$missing" >&2
exit 1
