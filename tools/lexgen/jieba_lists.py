#!/usr/bin/env python3
"""Lexicons derived from jieba's dictionary (dict.txt, MIT; Debian
python3-jieba 0.42.1):

  jieba_lists.py LEXDIR

writes LEXDIR/boundary.txt, LEXDIR/place-jieba.txt and LEXDIR/inst-jieba.txt;
reads the hand-written inst-head.txt, inst-known.txt, inst-alias.txt,
program-head.txt and the generated place lexicons in LEXDIR.

jieba's POS tags are noisy (they score 0.47-0.63 F1 as NER on the dev
sets), so every list is filtered: boundary words by frequency and by how
often they occur inside institution names, ns/nt entries by frequency, by
head word or geographic suffix, and against the other lexicons.
"""
import os
import re
import sys

from lexio import all_han, load_jieba, read_lex, write_lex

JIEBA_NOTE = [
    "license: MIT (jieba 0.42.1, Debian python3-jieba)",
]

# Minimum jieba frequency per POS tag for a boundary word: verbs and
# adverbs are many, so only the frequent ones; function words all count.
BOUNDARY_TAGS = {
    "p": 100, "c": 200, "u": 50, "uj": 0, "ul": 0, "uz": 0, "ud": 0,
    "ug": 0, "uv": 0, "r": 300, "y": 200, "e": 200,
    "d": 1000, "ad": 1000, "v": 2000, "vd": 500, "vn": 3000, "a": 3000,
}
# Boundary words the seed article needs that jieba tags otherwise or
# counts below the limits (依托 v 469, 对接 v 95, 积极 ad).
EXTRA_BOUNDARY = {
    "依托": "v", "对接": "v", "积极": "ad", "聚焦": "v", "柔性": "a",
    "筹建": "v", "培育": "v", "打造": "v", "引进": "v", "新引进": "v",
    "加快": "v", "推动": "v", "推进": "v", "支持": "v", "联合": "v",
    "开展": "v", "深化": "v", "实施": "v", "建设": "vn", "提升": "v",
    "启动": "v", "加入": "v", "联动": "v", "落户": "v", "入驻": "v",
    "签约": "v", "设立": "v", "成立": "v", "组建": "v", "挂牌": "v",
    "授予": "v", "携手": "v", "围绕": "p", "面向": "v", "及": "c",
}
# A single character is a boundary only as a function word, or as a very
# frequent verb (是 有 说); single adjectives and nouns (大 新 红) begin too
# many names.
SINGLE_TAGS = ("p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "y", "e", "d")
SINGLE_VERB_FREQ = 50000
# jieba mistags (靶 针 根 as prepositions) and 特, which transliterations
# need (特朗普, 特拉维夫).
NOT_BOUNDARY = set("靶 针 根 特".split())
PLACE_FILES = ("place-cn.txt", "place-cn-town.txt", "world-country.txt",
               "world-city.txt", "world-city-extra.txt", "world-alias.txt",
               "geo.txt", "place-ref.txt", "place-abbr1.txt", "world-abbr1.txt")
# Generic modifiers: an nt entry that is only one of these plus a head
# (人民政府, 国家机关, 高级中学) names no one body.
GENERIC_PREFIX = set("""人民 国家 地方 各级 基层 有关 相关 高级 初级 中级 联合 中央 全国 中华
人民代表 常务 行政 工作 领导 职能 下属 直属 所属 军事 学术 专业 综合 技术 科技 高等 普通
重点 示范 公立 私立 民办 国营 国有 私营 外资 合资 民营 农村 城市 地区 省 市 县 区 乡 镇 村
总 分 大 小 老 新 中 外 上市 上级 下级 中专 有限 股份 合资 独资 外国 本国 该 本 各 此
中等 大中 中小 公交 中医 医科 师范 职业 军事 农业 林业 工业 商业 艺术 体育""".split())
EVENT_ENDS = ("全会", "会议", "会晤", "大会", "会谈")
# Kinds of body and documents that jieba tags nt: a coordination (党和政府),
# kinds of armed force (安全部队, 空军部队), a government named after its
# leader (克林顿政府), communiques (联合公报), and a body's standing
# committee members (中央政治局常委, a title).
KIND_PREFIX = set("""党和 合法 临时 安全 海防 卫戍 联军 内务 外岛 克林顿""".split())
NOT_INST_ENDS = ("公报", "常委")
NOT_INST = set("人民公社 株式会社 空军部队 解放军部队".split())
# Geographic suffixes that make a jieba ns entry a credible place name.
GEO_SUFFIX = ("山", "河", "江", "湖", "海", "岛", "峡", "湾", "港", "洲", "岭",
              "峰", "关", "泉", "沟", "堡", "寺", "宫", "路", "街", "桥", "城",
              "州", "省", "县", "市", "区", "镇", "乡", "村", "原", "庄", "屯",
              "坝", "滩", "峪", "渠", "塘", "营", "寨", "庙", "塔", "门", "园",
              "盆地", "半岛", "流域", "沙漠", "水库", "运河", "广场", "地区")
# ns entries that are no place although a suffix fits (jieba mistags).
NOT_PLACE = set("""自治州 自治县 自治区 共和国 大中城市 桥头堡 上半场 下半场 半封建 得意洋洋 满头大汗
信口开河 大兴土木 安邦治国 科教兴市 三自爱国 东南西北 大江南北 大门口 琉璃瓦 太阳穴 阿弥陀佛
法西斯 伊斯兰 苏格拉底 莎士比亚 哥伦布 欧几里得 亚历山大 玛利亚 英特尔 奥巴马 泰利斯 特鲁西埃
马克思列宁主义 周坤仁 乌云其木格 图道多吉 欧阳克 上下水 满意度 中密度 四中全会 三中全会
东连吴 山自西 秦属南 夫人城 安七州 鄂三州 古三国 江南西 苏星河 寿兴国 清律典 福拉多
直属机关 港人治港 上坡路 下坡路 南方大港 大城市 小城市 中小城市 大中城市 小城镇 大都市 高架桥 象牙塔 解放区 七大洲 三角洲
丘陵地区 边远地区 贫困地区 山区县 平原区 老城区 新城区 旧城区 中心区 开发区 风景区 工业区 住宅区""".split())
# Scope and pronoun prefixes make no name (各乡镇, 全市区, 本省市).
SCOPE_PREFIX = ("各", "全", "本", "该", "我", "此", "某")


# Four-character idioms jieba tags ns (上山下乡, 东奔西走, 三江五湖).
IDIOM = re.compile(r"^[上下东西南北三五七九千万].[上下东西南北三五七九千万].$")


def in_name_counts(names, cands, words):
    """How many of `names` contain each candidate as a word. Segmenting
    with jieba does not tell: its dictionary holds the long names whole.
    A word of two or more characters counts wherever it occurs; a single
    character only where no dictionary word of two or three characters
    spans it (和 counts in 发展和改革委员会, not in 共和国)."""
    counts = dict.fromkeys(cands, 0)
    multi = [c for c in cands if len(c) > 1]
    for n in names:
        seen = set()
        for c in multi:
            if c in n:
                seen.add(c)
        for i, ch in enumerate(n):
            if ch not in counts or ch in seen:
                continue
            fused = False
            for a in range(max(0, i - 2), i + 1):
                for b in range(i + 1, min(len(n), a + 3) + 1):
                    if b - a >= 2 and n[a:b] in words:
                        fused = True
            if not fused:
                seen.add(ch)
        for c in seen:
            counts[c] += 1
    return counts


def main():
    lexdir = sys.argv[1]
    jd = load_jieba()

    def lex(name):
        return read_lex(os.path.join(lexdir, name))

    heads = lex("inst-head.txt")
    pheads = lex("program-head.txt")
    known = lex("inst-known.txt")
    alias = lex("inst-alias.txt")
    zones = lex("inst-zone.txt")

    # Names a boundary word must not cut: jieba's nt entries, the known
    # institutions and zones, and the alias norms.
    nt = [w for w, (f, t) in jd.items() if t == "nt"]
    name_corpus = set(nt) | set(known) | set(zones) | {
        f["norm"] for f in alias.values() if f.get("norm")}

    # ---- boundary words
    cands = {}
    for w, (f, t) in jd.items():
        lim = BOUNDARY_TAGS.get(t)
        if lim is None or f < lim or not all_han(w):
            continue
        cands[w] = (t, f)
    for w, t in EXTRA_BOUNDARY.items():
        if w not in cands:
            cands[w] = (t, jd.get(w, (0, t))[0])
    # A head word is part of the name it ends, never a boundary; nor is a
    # name jieba mistags (大连 d, 首都 n ...).
    names_known = set(known) | set(alias) | set(zones)
    for f in PLACE_FILES:
        names_known |= set(lex(f))
    for w in list(cands):
        t, f = cands[w]
        single_ok = t in SINGLE_TAGS or (t == "v" and f >= SINGLE_VERB_FREQ)
        if (w in heads or w in pheads or w in names_known or w in NOT_BOUNDARY
                or (len(w) == 1 and not single_ok and w not in EXTRA_BOUNDARY)):
            del cands[w]
    inside = in_name_counts(name_corpus, cands, jd)
    surnames = lex("surname.txt")
    # A verb or adjective that forms a word with a head (派出所, 设计院,
    # 训练局, 培训学校 in jieba) begins names of that kind: soft, like one
    # that known names contain.
    head_words = [h for h in heads if len(h) >= 1]
    def makes_name(w):
        return any((w + h) in jd for h in head_words)
    bent = {}
    for w, (t, f) in cands.items():
        n = inside[w]
        content = t not in SINGLE_TAGS
        hard = n <= 1 and not (content and (n or makes_name(w)))
        bent[w] = {
            "pos": t,
            "freq": f,
            # hard: a function word in at most one known name (a stray), or
            # a verb/adjective in none that makes no word with a head:
            # always ends a span;
            # soft: inside some names (建设 in 建设银行, 发展 in
            # 国家发展和改革委员会): ends a span unless a known name says
            # otherwise.
            "stop": "hard" if hard else "soft",
            "inname": n if n else None,
            # 曾 于 向 任 begin person names too
            "surname": 1 if w in surnames else None,
        }
    write_lex(os.path.join(lexdir, "boundary.txt"), [
        "Boundary words: verbs, prepositions, conjunctions, adverbs, pronouns and",
        "particles that cannot sit inside a name, so scanning left from a head word",
        "stops before them (支持 推进 依托 在 和 与 的 ...).",
        "pos=jieba POS tag, freq=jieba frequency; inname=N known institution names",
        "contain it (jieba's nt entries, inst-known.txt, inst-zone.txt, inst-alias.txt",
        "norms). stop=hard: a function word in at most one known name, or a verb or",
        "adjective in none that forms no jieba word with an inst-head.txt head",
        "(派出 + 所, 设计 + 院 do); stop=soft: the rest, so a span may cross it",
        "only where a known name or a head says so (住房和城乡建设部, 训练局).",
        "surname=1: also a surname in surname.txt (曾 于 任 向), so no stop before",
        "a person name.",
        "Head words of inst-head.txt and program-head.txt, names in the place and",
        "institution lexicons, and single characters other than function words",
        "and very frequent verbs (是 有) are left out.",
        "source: jieba dict.txt entries tagged p c u* r y e (freq >= 50..300),",
        "  d ad vd (>= 500..1000), v a vn (>= 2000..3000), plus a few hand-picked",
        "  verbs (依托 对接 积极 ...); a single character counts as inside a name",
        "  only where no 2-3 character dictionary word spans it (和 in 共和国 does not)",
    ] + JIEBA_NOTE + [
        "generated by: tools/lexgen/jieba_lists.py (via tools/lexgen/gen.sh)",
    ], bent)

    # ---- places
    have = set(known) | set(alias) | set(zones)
    for f in PLACE_FILES:
        have |= set(lex(f))
    translit = set(lex("translit-char.txt"))
    pent = {}
    for w, (f, t) in jd.items():
        if (t != "ns" or w in have or w in NOT_PLACE or not all_han(w) or len(w) < 3
                or w.startswith(SCOPE_PREFIX)):
            continue
        if f < 3:
            continue
        if w.endswith(GEO_SUFFIX) and not IDIOM.match(w):
            pent[w] = {"kind": "suffix", "freq": f}
        # Transliterated ns entries without a suffix were tried and left
        # out: too many are people or brands (密特朗, 福布斯, 法拉利).
    write_lex(os.path.join(lexdir, "place-jieba.txt"), [
        "Place names from jieba's dictionary that the other place lexicons lack:",
        "entries tagged ns, at least 3 characters, freq >= 3, that end in a",
        "geographic suffix (山 河 湖 岛 路 寺 县 ...; kind=suffix), less a hand-written",
        "stoplist of mistagged words and people and the idiom shape 上X下Y.",
        "freq=jieba frequency.",
        "Noisier than place-cn.txt: jieba's own tags are 0.58-0.70 F1 on places.",
        "source: jieba dict.txt (ns entries), filtered",
    ] + JIEBA_NOTE + [
        "generated by: tools/lexgen/jieba_lists.py (via tools/lexgen/gen.sh)",
    ], pent)

    # ---- institutions
    have_inst = set(known) | set(alias) | set(zones) | set(heads)
    head_list = sorted(heads, key=len, reverse=True)
    ient = {}
    for w, (f, t) in jd.items():
        if t != "nt" or w in have_inst or not all_han(w) or len(w) < 4 or f < 3:
            continue
        head = next((h for h in head_list if w.endswith(h) and len(w) > len(h)), None)
        if head is None:
            continue
        prefix = w[: -len(head)]
        # Meetings and events are programs or nothing (七中全会, 代表大会).
        if w.endswith(EVENT_ENDS) or any(w.endswith(p) for p in pheads):
            continue
        # Only a generic modifier before the head: a kind of body.
        if prefix in GENERIC_PREFIX or prefix in heads or prefix in KIND_PREFIX:
            continue
        if w.endswith(NOT_INST_ENDS) or w in NOT_INST:
            continue
        # A head that needs a known name part (部, 局, 中心) is kept only
        # when jieba saw the whole name often.
        if heads[head].get("end") == "0" and f < 20:
            continue
        ient[w] = {"head": head, "freq": f}
    write_lex(os.path.join(lexdir, "inst-jieba.txt"), [
        "Institution names from jieba's dictionary that inst-known.txt lacks:",
        "entries tagged nt, at least 4 characters, freq >= 3, ending in a head word",
        "of inst-head.txt (head=) after a part that is not only a generic modifier",
        "(人民政府, 国家机关 are left out); heads with end=0 need freq >= 20.",
        "Kinds of armed force and government (安全部队, 临时政府), communiques",
        "(联合公报) and titles (中央政治局常委) are left out too.",
        "freq=jieba frequency. Includes historical bodies (jieba's corpus has",
        "old texts: 北洋政府).",
        "source: jieba dict.txt (nt entries), filtered",
    ] + JIEBA_NOTE + [
        "generated by: tools/lexgen/jieba_lists.py (via tools/lexgen/gen.sh)",
    ], ient)


if __name__ == "__main__":
    main()
