#!/usr/bin/env python3
"""Generate rules/lex/translit-lr-seed.txt: how much likelier each character
is in a transliterated foreign person name (克林顿, 萨马兰奇, 恩佐) than in
running news text: lr = ln(P(c | foreign name) / P(c | text)), for the
characters with lr >= MIN_LR (the others start or end no such name).

Names: jieba's nrt entries (transliterated names; some places slip in) of
2-8 characters, type counts; with --ner, the gold person mentions of NER
corpora (JSONL as in shared/peers/ner/) that do not look Chinese: they
contain the middle dot (whose parts count), or are four or more characters
without a two-character surname, counted once per distinct name and file.
The NER counts are smoothed with jieba's distribution as a Dirichlet prior
worth (1 - L) / L of their total. Text: news text (the NER texts outside
person mentions, plus --text files) with jieba's word frequencies spread
over characters as a prior, as in tools/namechars.py.

--lines odd|even keeps only the odd or even lines of each --ner file.
--min-lr X --max-lr Y print the characters with X <= lr < Y instead
(translit-weak.txt: characters that foreign names use, but no likelier
than in text: 法 in 阿拉法特, 泽 in 谢瓦尔德纳泽, 胡 in 内塔尼亚胡).

Sources: jieba 0.42.1 dict.txt (Debian python3-jieba, MIT); MSRA NER and
People's Daily 1998 dev sets, SIGHAN 2005 PKU test text (research use):
character counts only.
usage: tools/translit.py [--dict DICT] [--ner FILE]... [--text FILE]...
           [--lines odd|even|all] > rules/lex/translit-lr-seed.txt
       tools/translit.py ... --min-lr -1 --max-lr 0.5 > rules/lex/translit-weak.txt
"""
import argparse
import collections
import glob
import json
import math
import os

FLOOR = 2000   # jieba text: added to every character's frequency
L = 0.5        # weight of the NER names (and news text) against jieba's
MIN_LR = 0.5
NUMERALS = set('一二三四五六七八九十百千万')


def han(s):
    return all('\u4e00' <= ch <= '\u9fff' for ch in s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dict', default='/usr/lib/python3/dist-packages/jieba/'
                    'dict.txt')
    ap.add_argument('--ner', action='append', default=[])
    ap.add_argument('--text', action='append', default=[])
    ap.add_argument('--lines', choices=('odd', 'even', 'all'), default='all')
    ap.add_argument('--min-lr', type=float, default=MIN_LR)
    ap.add_argument('--max-lr', type=float)
    a = ap.parse_args()
    surnames = set()
    for f in glob.glob('rules/lex/surname*.txt'):
        for line in open(f, encoding='utf-8'):
            if line.strip() and not line.startswith('#'):
                surnames.add(line.split('\t')[0].strip())

    jname = collections.Counter()
    jtext = collections.Counter()
    for line in open(a.dict, encoding='utf-8'):
        w, f, t = line.split()
        if not han(w):
            continue
        for ch in w:
            jtext[ch] += int(f)
        if t == 'nrt' and 2 <= len(w) <= 8:
            for ch in w:
                jname[ch] += 1

    nname = collections.Counter()
    ntext = collections.Counter()
    for path in a.ner:
        names = set()
        for n, line in enumerate(open(path, encoding='utf-8'), 1):
            if (a.lines == 'odd' and n % 2 == 0) or \
                    (a.lines == 'even' and n % 2 == 1):
                continue
            d = json.loads(line)
            text = d['text']
            inname = [False] * len(text)
            for e in d.get('entities', []):
                if e['type'] == 'person':
                    names.add(e['text'])
                    for i in range(e['start'], e['end']):
                        inname[i] = True
            for i, ch in enumerate(text):
                if not inname[i] and han(ch):
                    ntext[ch] += 1
        for w in names:
            parts = w.split('\u00b7')
            if len(parts) == 1 and (len(w) < 4 or w[:2] in surnames):
                continue
            for p in parts:
                if han(p):
                    for ch in p:
                        nname[ch] += 1
    for path in a.text:
        for ch in open(path, encoding='utf-8').read():
            if han(ch):
                ntext[ch] += 1

    def mix(ner, jb, jfloor):
        chars = set(ner) | set(jb)
        jt = sum(jb.values()) + jfloor * len(chars)
        nt = sum(ner.values())
        alpha = nt * (1 - L) / L if nt else 1.0
        return lambda ch: (ner[ch] + alpha * (jb[ch] + jfloor) / jt) / \
            (nt + alpha)

    p_text = mix(ntext, jtext, FLOOR)
    p_name = mix(nname, jname, 0.5)
    print('# How much likelier a character is in a transliterated foreign '
          'person name')
    print('# than in news text: lr=ln(P(c|foreign name)/P(c|text)), '
          'characters with lr >= %g%s.' % (
              a.min_lr, '' if a.max_lr is None else ' and < %g' % a.max_lr))
    print('# Names: jieba nrt entries%s; text: jieba word frequencies over '
          'characters%s.' % (
              ' and the non-Chinese person names of the NER dev sets (%s '
              'lines)' % a.lines if a.ner else '',
              ', mixed with news text' if a.ner or a.text else ''))
    print('# source: jieba 0.42.1 dict.txt (Debian python3-jieba)%s' % (
        '; MSRA NER and People\'s Daily 1998 dev sets (shared/peers/ner), '
        'SIGHAN 2005 PKU test text (shared/peers/sighan2005): character '
        'counts only' if a.ner or a.text else ''))
    print('# license: MIT (jieba)%s' % ('; the corpora are released for '
                                         'research use' if a.ner or a.text
                                         else ''))
    print('# generated by: tools/translit.py %s' % ' '.join(
        (['--lines ' + a.lines] if a.ner else []) +
        ['--ner ' + os.path.basename(f) for f in a.ner] +
        ['--text ' + os.path.basename(f) for f in a.text] +
        (['--min-lr %g --max-lr %g' % (a.min_lr, a.max_lr)]
         if a.max_lr is not None else [])))
    for ch in sorted(set(jname) | set(nname)):
        if ch in NUMERALS and a.max_lr is not None:
            continue  # regnal numbers (二世) are no weak transliteration
        lr = math.log(p_name(ch) / p_text(ch))
        if lr >= a.min_lr and (a.max_lr is None or lr < a.max_lr):
            print('%s\tlr=%.2f' % (ch, min(lr, 6)))


if __name__ == '__main__':
    main()
