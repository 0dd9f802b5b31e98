#!/usr/bin/env python3
"""Japanese family names as Chinese news writes them:

  surname_ja.py [--top N] SOURCE OUTDIR

writes OUTDIR/surname-ja.txt. Reads OUTDIR/word-seed.txt and
OUTDIR/place-*.txt (the filter) and SOURCE, a list of Japanese family
names in kanji, most frequent first (tools/lexgen/data/ja-surnames.txt:
the first column of japanese-personal-name-dataset's last_name_org.csv,
MIT).

Japanese kanji become the forms of Simplified Chinese news text in two
steps: JA_FORMS maps the shinjitai and the kokuji variants that Chinese
writes otherwise (沢 -> 泽, 辺 -> 边, 斎 -> 斋, 瀬 -> 濑, 戸 -> 户), then ICU's
Traditional-Simplified transliterator, run through Debian's `uconv`
(icu-devtools), takes the forms Japanese shares with traditional Chinese
(橋 -> 桥, 島 -> 岛, 岡 -> 冈, 鈴 -> 铃). Kokuji Chinese keeps as they are
(畑 辻 笹 込 峠) stay. The iteration mark repeats its character
(佐々木 -> 佐佐木) and ノ is written 之 (一ノ瀬 -> 一之濑).

Kept: names of two or three characters after conversion that are not a
common word (word-seed.txt: 大和 上海) or a place (place-*.txt: 长野
秋田 福冈), no word jieba (dict.txt, MIT) tags as a locative or numeral
(田边 池上 四方 一户) and not in DROP (上村), unless HAND lists them.
--top N keeps the N most frequent source names only: rarer ones (山越
的场 道下 大越) start or end Chinese words more often than they name
anyone in news text. One character is too ambiguous (林 森
原 are Chinese surnames too); the hand list's one-character names stay,
and person.rules leaves them out. Fields: lang=ja, rank= the best source
rank of the Japanese spellings that became the entry (斎藤 斉藤 齋藤),
none for hand-only entries.
"""
import argparse
import glob
import os
import subprocess
import sys

from lexio import load_jieba, nfkc, read_lex, write_lex

# Names of prime ministers, politicians and firms in Chinese news, and the
# commonest family names, as written there (the hand list this file grew
# from): kept whatever the filter says.
HAND = """
三木 三浦 上田 上野 中山 中岛 中川 中曾根 中村 中野 丰田 丸山 久保 二阶 井上
井深 今井 伊藤 佐佐木 佐藤 内田 冈崎 冈本 冈田 前田 加藤 北野 千叶 原 原田
吉川 吉田 后藤 和田 土井 坂本 堀江 增田 大冢 大前 大平 大江 大野 太田 安倍
安藤 宫崎 宫本 宫泽 小山 小川 小林 小泉 小泽 小渊 小野 山下 山口 山崎 山本
山田 岛田 岩崎 岸 岸田 川口 工藤 平野 斋藤 新井 木下 木村 本田 杉山 村上
村山 村田 松下 松井 松尾 松本 松田 林 柴田 桥本 森 森本 森田 横山 樱井 武田
池田 河野 海部 清水 渡边 渡部 片山 田中 田岛 田村 盛田 石井 石川 石田 石破
福田 稻盛 竹下 竹内 细川 羽田 茂木 菅 菅原 菊地 藤井 藤原 藤本 藤田 西村
谷口 近藤 远藤 酒井 野口 野村 野田 金子 铃木 长谷川 阿部 青木 高木 高桥
高田 鸠山 麻生 黑泽
""".split()

# Japanese forms that ICU's Traditional-Simplified leaves alone, with the
# form Chinese news uses.
JA_FORMS = {
    "沢": "泽", "澤": "泽", "辺": "边", "邉": "边", "邊": "边", "広": "广",
    "斎": "斋", "齋": "斋", "斉": "齐", "齊": "齐", "桜": "樱", "浜": "滨",
    "竜": "龙", "栄": "荣", "恵": "惠", "関": "关", "瀬": "濑", "嶋": "岛",
    "嶌": "岛", "戸": "户", "黒": "黑", "脇": "胁", "滝": "泷", "塩": "盐",
    "稲": "稻", "増": "增", "亀": "龟", "篠": "筱", "徳": "德", "冨": "富",
    "渕": "渊", "曽": "曾", "巻": "卷", "豊": "丰", "鎌": "镰", "児": "儿",
    "郷": "乡", "峯": "峰", "権": "权", "渋": "涩", "対": "对", "楽": "乐",
    "姫": "姬", "穂": "穗", "舘": "馆", "気": "气", "県": "县", "薗": "园",
    "蔵": "藏", "髙": "高", "﨑": "崎", "継": "继", "縄": "绳",
}

# Imported names that Chinese text mostly holds as a village word after
# an administrative or position character (坪上村, 县市村级路).
DROP = set("上村 市村 本村 全村".split())
# jieba tags (dict.txt) of words that are no name in Chinese text: locative
# words (田边 山内 池上) and numeral compounds (四方 三角 一户).
DROP_TAGS = {"s", "m"}

ITER_MARK = "々"


def uconv(words):
    """ICU Traditional-Simplified over all words at once (one process)."""
    try:
        r = subprocess.run(["uconv", "-f", "utf-8", "-t", "utf-8",
                            "-x", "Traditional-Simplified"],
                           input="\n".join(words) + "\n", capture_output=True,
                           text=True, check=True)
    except FileNotFoundError:
        sys.exit("surname_ja.py: uconv not found (apt-get install icu-devtools)")
    out = r.stdout.split("\n")[:len(words)]
    if len(out) != len(words):
        sys.exit("surname_ja.py: uconv returned %d lines for %d" % (len(out), len(words)))
    return out


def expand(w):
    out = []
    for ch in w:
        if ch == ITER_MARK and out:
            ch = out[-1]
        elif ch == "ノ":
            ch = "之"
        out.append(ch)
    return "".join(out)


def to_zh(words):
    pre = [expand(nfkc(w)) for w in words]
    return ["".join(JA_FORMS.get(c, c) for c in w) for w in uconv(pre)]


def read_source(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=0,
                    help="only the N most frequent source names (0: all)")
    ap.add_argument("source")
    ap.add_argument("outdir")
    a = ap.parse_args()

    src = read_source(a.source)
    if a.top:
        src = src[:a.top]
    zh = to_zh(src)

    stop = set(read_lex(os.path.join(a.outdir, "word-seed.txt")))
    for p in sorted(glob.glob(os.path.join(a.outdir, "place-*.txt"))):
        stop |= set(read_lex(p))
    hand = set(nfkc(w) for w in HAND)
    jd = load_jieba()

    rank = {}
    dropped = {"len": 0, "word/place": 0, "jieba s/m, village": 0, "not han": 0}
    for i, w in enumerate(zh, 1):
        if not all("\u3400" <= c <= "\u9fff" for c in w):
            dropped["not han"] += 1
            continue
        if w not in hand:
            if not 2 <= len(w) <= 3:
                dropped["len"] += 1
                continue
            if w in stop:
                dropped["word/place"] += 1
                continue
            if w in DROP or (w in jd and jd[w][1] in DROP_TAGS):
                dropped["jieba s/m, village"] += 1
                continue
        rank.setdefault(w, i)

    entries = {}
    for w in hand | set(rank):
        f = {"lang": "ja"}
        if w in rank:
            f["rank"] = rank[w]
        entries[w] = f

    top = "the %d most frequent" % a.top if a.top else "all"
    header = [
        "source: japanese-personal-name-dataset (github.com/shuheilocale/",
        "  japanese-personal-name-dataset), japanese_personal_name_dataset/",
        "  dataset/last_name_org.csv at commit",
        "  26c3a8e17d747ed14ef003ebcd9bb59fa65c744e, kanji column as copied to",
        "  tools/lexgen/data/ja-surnames.txt (%s of %d names);" % (top, len(read_source(a.source))),
        "  a hand list of names in Chinese news (prime ministers, firms)",
        "license: MIT (Copyright (c) 2022 shuhei yamamoto; notice in",
        "  tools/lexgen/data/ja-surnames.txt); hand list: zhx project",
        "generated by: tools/lexgen/surname_ja.py (via tools/lexgen/gen.sh)",
        "Japanese family names in Chinese characters as Chinese news writes them",
        "(佐藤, 桥本, 渡边, 斋藤): they begin foreign person names that the Chinese",
        "surname list misses (桥本龙太郎). Imported names are converted to",
        "simplified forms, have two or three characters and are no common word",
        "(word-seed.txt) or place (place-*.txt), no locative or numeral word of",
        "jieba (田边 四方) and no village word (上村). lang=ja; rank= the source rank",
        "(1 = most bearers; none: hand list only). One-character hand entries",
        "(森 原 林 岸 菅) are also Chinese surnames: person.rules leaves them out.",
    ]
    write_lex(os.path.join(a.outdir, "surname-ja.txt"), header, entries)
    print("surname-ja.txt: %d entries (%d imported, %d hand), dropped %s"
          % (len(entries), len(rank), len(hand), dropped), file=sys.stderr)


if __name__ == "__main__":
    main()
