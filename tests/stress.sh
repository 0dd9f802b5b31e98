#!/bin/sh
# make stress: the large fault cases, too slow for every `make test`:
# a 1 GB file with no newline, 100,000 tiny files, a rules file with
# 100,000 lexicon entries and one with a cycle. Each must work or fail
# clearly, in bounded memory and time. Prints "stress: N passed, N failed".
cd "$(dirname "$0")/.."
B=build/stress
mkdir -p $B
make -s build/bench/rss >/dev/null
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# 1 GB, one line: every binary streams it in bounded pieces.
if [ ! -s $B/line1g.txt ]; then
    awk 'BEGIN { s = ""; for (i = 0; i < 333; i++) s = s "字"; for (i = 0; i < 1075000; i++) printf "%s", s }' > $B/line1g.txt
fi
for cmd in "zhx-seg -s" "zhx-norm" "zhx-figs" "zhx-ents"; do
    set -- $(timeout 1800 build/bench/rss $B/line1g.txt /dev/null bin/$cmd)
    mb=$(echo "$2" | awk '{ printf "%.1f", $1 / 1024 }')
    if [ "$3" = 0 ] && [ "${2:-999999}" -lt 65536 ]; then ok "$cmd on 1 GB without a newline: $1 s CPU, peak RSS $mb MB"
    else bad "$cmd on 1 GB without a newline: status $3, peak RSS $mb MB"; fi
done
rm -f $B/line1g.txt

# 100,000 tiny files.
if [ ! -d $B/tiny ]; then
    mkdir -p $B/tiny
    awk -v d=$B/tiny 'BEGIN { for (i = 0; i < 100000; i++) { f = sprintf("%s/%03d", d, i % 1000); if (i < 1000) system("mkdir -p " f); printf "第%d号:投放贷款%d万元。\n", i, i > (f "/" i ".txt"); close(f "/" i ".txt") } }'
fi
set -- $(build/bench/rss /dev/null $B/tiny.jsonl bin/zhx-convert -r --jobs 2 -f jsonl $B/tiny)
n=$(wc -l < $B/tiny.jsonl)
if [ "$3" = 0 ] && [ "$n" -eq 100000 ]; then ok "100,000 tiny files: $4 s, peak RSS $(($2 / 1024)) MB"
else bad "100,000 tiny files: status $3, $n documents"; fi

# A rules file with 100,000 lexicon entries.
awk 'BEGIN { print "lexicon big"; for (i = 0; i < 100000; i++) printf "词%07d\n", i; print "end";
             print "rule big.word"; print "  type program"; print "  pattern <@big>"; print "end" }' > $B/big.rules
set -- $(build/bench/rss testdata/hohhot-talent-2024.txt $B/big.out bin/zhx-ents --rules $B/big.rules)
if [ "$3" = 0 ]; then ok "100,000-entry rules file: $4 s, peak RSS $(($2 / 1024)) MB"
else bad "100,000-entry rules file: status $3"; fi

# A lexicon defined through itself is an error with its place.
printf 'lexicon a = b\nlexicon b = a\nrule r\n  type place\n  pattern <@a>\nend\n' > $B/cycle.rules
bin/zhx-ents --rules $B/cycle.rules < /dev/null > /dev/null 2> $B/cycle.err
rc=$?
if [ $rc -eq 2 ] && grep -q "cycle.rules:" $B/cycle.err; then ok "cyclic lexicons: $(cat $B/cycle.err)"
else bad "cyclic lexicons: status $rc, $(cat $B/cycle.err)"; fi

echo "stress: $pass passed, $fail failed"
[ $fail -eq 0 ]
