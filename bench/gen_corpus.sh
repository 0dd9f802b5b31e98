#!/bin/sh
# Write a benchmark corpus of at least MB megabytes to OUT, built from the
# articles in testdata/ (each copy with its digits rotated, so figures and
# dates vary while the language stays real).
#   gen_corpus.sh MB OUT
mb=$1 out=$2
tmp=$out.tmp
cat testdata/*.txt > "$tmp"
size=$(wc -c < "$tmp")
: > "$out"
i=0
while [ $(( $(wc -c < "$out") / 1048576 )) -lt "$mb" ]; do
    case $((i % 4)) in
    0) cat "$tmp" ;;
    1) tr '0123456789' '1234567890' < "$tmp" ;;
    2) tr '0123456789' '5678901234' < "$tmp" ;;
    3) tr '0123456789' '9876543210' < "$tmp" ;;
    esac >> "$out"
    i=$((i + 1))
    # Grow in large steps once the unit is known.
    if [ $i -eq 4 ]; then
        cp "$out" "$tmp"
        while [ $(( $(wc -c < "$out") / 1048576 )) -lt "$mb" ]; do cat "$tmp" >> "$out"; done
        break
    fi
done
rm -f "$tmp"
