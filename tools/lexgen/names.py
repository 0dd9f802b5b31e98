#!/usr/bin/env python3
"""Person-name lexicons:

  names.py OUTDIR

writes OUTDIR/surname.txt, OUTDIR/given-char.txt and OUTDIR/translit-char.txt.
Reads OUTDIR/world-city.txt and OUTDIR/world-country.txt (run world.py first).

Sources:
- friso-dict (Apache-2.0): lex-lname.lex, surnames in frequency order
  (rank=); lex-sname.lex, lex-dname-1.lex, lex-dname-2.lex, characters of
  single and double given names.
- 百家姓 (Song dynasty text, public domain): surnames friso lacks.
- jieba dict.txt (MIT): name statistics. Its nr/nrfg entries of two to four
  characters whose given-name part is made of friso given-name characters
  are taken as Chinese names; surname shares and given-name character
  shares are type counts over them. Character frequency in running text is
  the frequency-weighted character count over all of dict.txt.
- ICU 72 (Unicode License) city and country names, as written to
  world-city.txt and world-country.txt: the transliteration sample.
"""
import math
import os
import sys
from collections import Counter

from lexio import all_han, load_friso, load_jieba, read_lex, write_lex

# 百家姓, the single surnames, in the order of the text.
BAIJIAXING_SINGLE = """
赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻
柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤
滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄
米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭
梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓
郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松
井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘
景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双
闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏
柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东
欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相
查后荆红游竺权逯盖益桓公晋楚闫法汝鄢涂钦岳帅缑亢况郈有琴商牟佘佴伯赏墨哈
谯笪年爱阳佟言福
"""
# 百家姓 compound surnames and a few in modern use (独孤, 刘付 from friso).
COMPOUND = """
万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政
濮阳 淳于 单于 太叔 申屠 公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘
司徒 司空 亓官 司寇 仉督 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 拓跋
夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 西门
南宫 第五 独孤
""".split()
# Surnames in modern use that neither friso nor 百家姓 lists: 肖, the
# simplified-era spelling of 萧, is among the forty commonest (census
# rankings of 2019-2020).
MODERN = "肖"
# Surnames that are also very frequent function words: a rule should want
# more evidence before taking them (和平, 但是, 于是, 向前).
FUNCTION_CHARS = set("和但于向从以为与及同能都所么其也之而并")

# Semantic parts of foreign place names, not transliteration.
NOT_TRANSLIT = set("岛群州市城港湾山河湖海角省县区村镇国共和王联合邦民主人圣新北南东西上下中大小"
                   "金银石水火木土天地日月口门部别行政自治领属")
# Common characters of the standard transliteration table (人名翻译) that
# foreign person names use but the place-name sample has too rarely:
# 叶利钦, 普京, 列宁, 尼克松, 撒切尔, 侯赛因, 泽连斯基, 莎娃, 娜塔莎.
TRANSLIT_EXTRA = set("叶钦京切赖宁思仑丘松若潘施杰穆侯赛因拜登默泽连莎芬扎伽略契涅娃娅娜"
                     "琳丽莉蕾黛薇妮露茜珊玛菲琪怀霍汉豪亨基吉杰金肯蒂丝")


def char_text_freq(jieba):
    c = Counter()
    for w, (f, _t) in jieba.items():
        for ch in w:
            c[ch] += f
    return c


class _All:
    def __contains__(self, ch):
        return "\u4e00" <= ch <= "\u9fff"


ALL_CHARS = _All()
# Given names take a character only if it stands beside a listed one in
# this many of jieba's names; function characters never count.
PARTNER_MIN = 3
NOT_GIVEN = set("的了是在和与及之其这那不也都就而但或把被对从向为所以于着过吗呢吧啊么个们")


def chinese_names(jieba, singles, doubles, given_ok):
    """(surname, given) pairs from jieba's person entries that look Chinese."""
    out = []
    for w, (_f, t) in jieba.items():
        if t not in ("nr", "nrfg") or not all_han(w) or not 2 <= len(w) <= 4:
            continue
        if len(w) >= 3 and w[:2] in doubles:
            sur, given = w[:2], w[2:]
        elif w[0] in singles and len(w) <= 3:
            sur, given = w[0], w[1:]
        else:
            continue
        if given and all(ch in given_ok for ch in given):
            out.append((sur, given))
    return out


def main():
    outdir = sys.argv[1]
    jieba = load_jieba()
    text_freq = char_text_freq(jieba)
    text_total = sum(text_freq.values())

    friso_sur = load_friso("lex-lname.lex")
    rank = {s: i + 1 for i, s in enumerate(friso_sur)}
    singles = [s for s in friso_sur if len(s) == 1]
    for ch in "".join(BAIJIAXING_SINGLE.split()):
        if ch not in singles:
            singles.append(ch)
    for ch in MODERN:
        if ch not in singles:
            singles.append(ch)
    if "向" not in singles:  # commented out in friso as a preposition
        singles.append("向")
    doubles = [s for s in friso_sur if len(s) == 2]
    for s in COMPOUND:
        if s not in doubles:
            doubles.append(s)

    sname = load_friso("lex-sname.lex")
    d1 = load_friso("lex-dname-1.lex")
    d2 = load_friso("lex-dname-2.lex")
    given_ok = set(sname) | set(d1) | set(d2)

    names = chinese_names(jieba, set(singles), set(doubles), given_ok)
    # friso's lists are short (about 400 characters); a second pass takes
    # the characters that stand, often enough, next to a listed one in the
    # given names of jieba's person entries (琛 in 李琛 is not listed).
    partner = Counter()
    for _s, g in chinese_names(jieba, set(singles), set(doubles), ALL_CHARS):
        if len(g) == 2:
            for a, b in (g, g[::-1]):
                if b in given_ok and a not in given_ok and a not in NOT_GIVEN:
                    partner[a] += 1
    given_ok |= {ch for ch, n in partner.items() if n >= PARTNER_MIN}
    names = chinese_names(jieba, set(singles), set(doubles), given_ok)
    sur_count = Counter(s for s, _g in names)
    total = sum(sur_count.values())

    ent = {}
    for s in singles + doubles:
        n = sur_count.get(s, 0)
        ent[s] = {
            # add-one smoothing keeps every listed surname possible
            "freq": (n + 1) / (total + len(singles) + len(doubles)),
            "rank": rank.get(s),
            "func": 1 if s in FUNCTION_CHARS else None,
        }
    write_lex(os.path.join(outdir, "surname.txt"), [
        "Chinese surnames, single and compound (欧阳, 司马, 诸葛).",
        "freq=share among the Chinese-looking person names in jieba's dictionary",
        "(type count, add-one smoothed; a weight, not a census figure),",
        "rank=position in friso's frequency-ordered surname list (absent: not there),",
        "func=1 for surnames that are also frequent function characters (和 于 向).",
        "source: friso-dict lex-lname.lex; 百家姓 (public domain) for the rest;",
        "  jieba dict.txt nr/nrfg entries for freq",
        "license: friso-dict Apache-2.0; jieba MIT",
        "generated by: tools/lexgen/names.py (via tools/lexgen/gen.sh)",
    ], ent)

    # Given-name characters. The friso lists decide which characters may
    # count (that keeps jieba's transliterations and nicknames out); jieba's
    # names give the weights.
    gcount = Counter()
    first = Counter()
    for _s, g in names:
        for i, ch in enumerate(g):
            gcount[ch] += 1
            if i == 0 and len(g) == 2:
                first[ch] += 1
    gtotal = sum(gcount.values())
    gent = {}
    for ch in sorted(given_ok | set(gcount)):
        n = gcount.get(ch, 0)
        p_name = (n + 0.5) / (gtotal + 0.5 * len(given_ok))
        p_text = (text_freq.get(ch, 0) + 1) / text_total
        gent[ch] = {
            "freq": p_name,
            # log-likelihood ratio: above 0, the character is more typical
            # of given names than of running text
            "lr": round(math.log(p_name / p_text), 2),
            "first": round(first[ch] / n, 2) if n >= 5 else None,
        }
    write_lex(os.path.join(outdir, "given-char.txt"), [
        "Characters of Chinese given names with weights.",
        "freq=share among given-name characters of the Chinese-looking person names in",
        "jieba's dictionary (smoothed); lr=ln(freq / share in running text, where",
        "running text is jieba's word frequencies spread over characters);",
        "first=share of two-character given names that have it first (n >= 5).",
        "The character set is friso's single and double given-name lists plus",
        "the characters that stand beside a listed one in at least %d of jieba's" % PARTNER_MIN,
        "two-character given names (琛 in 李琛).",
        "source: friso-dict lex-sname.lex, lex-dname-1.lex, lex-dname-2.lex;",
        "  jieba dict.txt nr/nrfg entries",
        "license: friso-dict Apache-2.0; jieba MIT",
        "generated by: tools/lexgen/names.py (via tools/lexgen/gen.sh)",
    ], gent)

    # Transliteration characters: ICU's names of foreign cities and
    # countries are almost all phonetic renderings (华盛顿 is not there,
    # but 休斯敦, 芝加哥, 布宜诺斯艾利斯 are), friso's western names add a few.
    sample = []
    for f in ("world-city.txt", "world-country.txt"):
        for w, fl in read_lex(os.path.join(outdir, f)).items():
            cc = fl.get("country") or fl.get("code")
            if cc in ("CN", "TW", "HK", "MO", "JP", "KR", "KP", "SG") or fl.get("kind") == "region":
                continue
            sample.append(w)
    sample += load_friso("lex-flname.lex")
    tcount = Counter()
    for w in sample:
        for ch in w:
            if all_han(ch) and ch not in NOT_TRANSLIT:
                tcount[ch] += 1
    ttotal = sum(tcount.values())
    tent = {}
    for ch in set(tcount) | TRANSLIT_EXTRA:
        n = tcount.get(ch, 0)
        if n < 3 and ch not in TRANSLIT_EXTRA:
            continue
        p_tr = (n + 1) / ttotal
        p_text = (text_freq.get(ch, 0) + 1) / text_total
        lr = math.log(p_tr / p_text)
        if lr <= 0.5 and ch not in TRANSLIT_EXTRA:
            continue
        tent[ch] = {"freq": p_tr, "lr": round(lr, 2),
                    "surname": 1 if ch in singles else None}
    # The middle dot joins the parts of a foreign name (约翰·史密斯).
    tent["·"] = {"sep": 1}
    write_lex(os.path.join(outdir, "translit-char.txt"), [
        "Characters used to transliterate foreign names (克 林 顿 斯 基 尔).",
        "freq=share among the characters of ICU's Chinese names of foreign cities",
        "and countries (semantic parts like 岛 州 圣 新 left out; n >= 3);",
        "lr=ln(freq / share in running text: jieba word frequencies spread",
        "over characters), only characters with lr > 0.5; surname=1 if also a",
        "Chinese surname. A hand-written set of standard transliteration",
        "characters for person names (叶 钦 京 娜 娃 ...) is kept whatever its counts.",
        "· (U+00B7, sep=1) joins the parts of a foreign name (约翰·史密斯).",
        "source: ICU 72 zone and region bundles (see world-city.txt,",
        "  world-country.txt), friso-dict lex-flname.lex, jieba dict.txt",
        "license: Unicode License (ICU); friso-dict Apache-2.0; jieba MIT",
        "generated by: tools/lexgen/names.py (via tools/lexgen/gen.sh)",
    ], tent)


if __name__ == "__main__":
    main()
