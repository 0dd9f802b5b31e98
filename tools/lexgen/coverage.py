#!/usr/bin/env python3
"""Measure lexicon coverage on NER dev sets (JSONL records with text and
entities of type person/place/institution, offsets in code points).

  coverage.py LEXDIR DEV.jsonl...

Prints, per dev file: the share of gold place, institution and person
mentions the lexicons cover, and the false-positive risk of the place
lexicons (entries found in the text by longest match that are no gold
place). Analysis only: nothing here feeds back into the lexicons.
"""
import json
import os
import sys
import unicodedata

from lexio import read_lex

PLACE_STRICT = ["place-cn.txt", "world-country.txt", "world-alias.txt",
                "world-city.txt", "world-city-extra.txt", "geo.txt", "place-ref.txt"]
PLACE_WIDE = PLACE_STRICT + ["place-cn-town.txt", "place-jieba.txt"]
PLACE_ABBR = ["place-abbr1.txt", "world-abbr1.txt"]
INST = ["inst-known.txt", "inst-alias.txt", "inst-zone.txt"]
INST_WIDE = INST + ["inst-jieba.txt"]


def norm_text(t):
    # Char by char, so offsets stay valid (１２ -> 12, （ -> ().
    out = []
    for ch in t:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def load(lexdir, files):
    s = set()
    for f in files:
        s |= set(read_lex(os.path.join(lexdir, f)))
    return s


def longest_matches(text, words, maxlen):
    """Greedy left-to-right longest match: (start, end) spans."""
    i, out = 0, []
    while i < len(text):
        for L in range(min(maxlen, len(text) - i), 1, -1):
            if text[i:i + L] in words:
                out.append((i, i + L))
                i += L
                break
        else:
            i += 1
    return out


def pct(a, b):
    return "%5.1f%% (%d/%d)" % (100.0 * a / b if b else 0, a, b)


def main():
    lexdir = sys.argv[1]
    strict = load(lexdir, PLACE_STRICT)
    wide = load(lexdir, PLACE_WIDE)
    abbr = load(lexdir, PLACE_ABBR)
    inst = load(lexdir, INST)
    inst_wide = load(lexdir, INST_WIDE)
    heads = read_lex(os.path.join(lexdir, "inst-head.txt"))
    surname = read_lex(os.path.join(lexdir, "surname.txt"))
    surname_ja = read_lex(os.path.join(lexdir, "surname-ja.txt"))
    given = read_lex(os.path.join(lexdir, "given-char.txt"))
    translit = read_lex(os.path.join(lexdir, "translit-char.txt"))
    boundary = read_lex(os.path.join(lexdir, "boundary.txt"))
    hard = {w for w, f in boundary.items() if f.get("stop") == "hard"}
    doubles = {s for s in surname if len(s) == 2}
    maxlen = max(len(w) for w in wide)

    for path in sys.argv[2:]:
        recs = [json.loads(l) for l in open(path, encoding="utf-8")]
        c = dict.fromkeys([
            "place", "p_strict", "p_wide", "p_abbr", "inst", "i_known", "i_wide",
            "i_head", "i_head1", "person", "per_sur", "per_sur_given", "per_nonsur",
            "per_translit", "per_ja", "ents", "ents_hard", "fp_matches", "fp_gold",
            "fp_inside", "fp_none", "fp_strict", "fp_strict_none"], 0)
        fp_words = {}
        for r in recs:
            text = norm_text(r["text"])
            gold_place = set()
            cover = []
            for e in r["entities"]:
                t = norm_text(e["text"])
                c["ents"] += 1
                if any(h in t for h in hard if len(h) > 1):
                    c["ents_hard"] += 1
                cover.append((e["start"], e["end"]))
                if e["type"] == "place":
                    gold_place.add((e["start"], e["end"]))
                    c["place"] += 1
                    c["p_strict"] += t in strict
                    c["p_wide"] += t in wide
                    c["p_abbr"] += t in wide or t in abbr
                elif e["type"] == "institution":
                    c["inst"] += 1
                    c["i_known"] += t in inst
                    c["i_wide"] += t in inst_wide
                    hs = [h for h in heads if t.endswith(h)]
                    c["i_head"] += bool(hs)
                    c["i_head1"] += any(heads[h].get("end") == "1" for h in hs)
                elif e["type"] == "person":
                    c["person"] += 1
                    if t[:2] in doubles and len(t) >= 3:
                        sur, g = t[:2], t[2:]
                    elif t[:1] in surname:
                        sur, g = t[:1], t[1:]
                    else:
                        sur, g = None, t
                    if sur:
                        c["per_sur"] += 1
                        c["per_sur_given"] += bool(g) and all(ch in given for ch in g)
                    else:
                        c["per_nonsur"] += 1
                        c["per_translit"] += len(t) >= 2 and all(ch in translit for ch in t)
                        c["per_ja"] += any(t.startswith(j) and len(t) > len(j) for j in surname_ja)
            for kind, words in (("fp", wide), ("fp_strict", strict)):
                for s, e in longest_matches(text, words, maxlen):
                    if kind == "fp":
                        c["fp_matches"] += 1
                    if (s, e) in gold_place:
                        if kind == "fp":
                            c["fp_gold"] += 1
                        continue
                    inside = any(a <= s and e <= b for a, b in cover)
                    if kind == "fp":
                        if inside:
                            c["fp_inside"] += 1
                        else:
                            c["fp_none"] += 1
                            w = text[s:e]
                            fp_words[w] = fp_words.get(w, 0) + 1
                    elif not inside:
                        c["fp_strict_none"] += 1
        print("== %s" % os.path.basename(path))
        print("place mentions in strict place lexicons (divisions, world, geo): %s" % pct(c["p_strict"], c["place"]))
        print("  + towns and jieba places:                                       %s" % pct(c["p_wide"], c["place"]))
        print("  + one-character abbreviations:                                  %s" % pct(c["p_abbr"], c["place"]))
        print("institution mentions in inst-known/alias/zone:                     %s" % pct(c["i_known"], c["inst"]))
        print("  + inst-jieba:                                                    %s" % pct(c["i_wide"], c["inst"]))
        print("  ending in an inst-head word (any / end=1):                       %s / %s" % (pct(c["i_head"], c["inst"]), pct(c["i_head1"], c["inst"])))
        print("person mentions starting with a listed surname:                    %s" % pct(c["per_sur"], c["person"]))
        print("  of those, given name made of given-char.txt characters:          %s" % pct(c["per_sur_given"], c["per_sur"]))
        print("  without a surname, made of translit-char.txt characters:         %s" % pct(c["per_translit"], c["per_nonsur"]))
        print("  without a surname, starting with a surname-ja.txt name:          %s" % pct(c["per_ja"], c["per_nonsur"]))
        print("gold mentions containing a multi-char hard boundary word:          %s" % pct(c["ents_hard"], c["ents"]))
        print("place-lexicon longest matches in the text (wide lexicons):         %d" % c["fp_matches"])
        print("  exactly a gold place:                                            %s" % pct(c["fp_gold"], c["fp_matches"]))
        print("  inside another gold mention (institution, person, longer place): %s" % pct(c["fp_inside"], c["fp_matches"]))
        print("  in no gold mention (false-positive risk):                        %s" % pct(c["fp_none"], c["fp_matches"]))
        print("  same, strict lexicons only:                                      %d" % c["fp_strict_none"])
        top = sorted(fp_words.items(), key=lambda x: -x[1])[:40]
        print("  top risky matches: " + " ".join("%s:%d" % x for x in top))


if __name__ == "__main__":
    main()
