"""What tools/namechars.py and tools/translit.py both read: the lexicon word
lists, the person names and the non-name text of NER JSONL files (one parity
of lines, so the other half stays unseen), plain text, and the mixing of
corpus counts with jieba's as a prior."""
import collections
import glob
import json

JIEBA_DICT = '/usr/lib/python3/dist-packages/jieba/dict.txt'


def han(s):
    return all('\u4e00' <= ch <= '\u9fff' for ch in s)


def add_corpus_args(ap):
    ap.add_argument('--dict', default=JIEBA_DICT)
    ap.add_argument('--ner', action='append', default=[])
    ap.add_argument('--text', action='append', default=[])
    ap.add_argument('--lines', choices=('odd', 'even', 'all'), default='all')


def lex_words(pattern):
    """The words (first fields) of the lexicon files matching pattern."""
    words = set()
    for f in glob.glob(pattern):
        for line in open(f, encoding='utf-8'):
            if line.strip() and not line.startswith('#'):
                words.add(line.split('\t')[0].strip())
    return words


def ner_persons(paths, lines, ntext):
    """Per file, the set of distinct person names on the chosen lines;
    the Han characters outside names are counted into ntext."""
    out = []
    for path in paths:
        names = set()
        for n, line in enumerate(open(path, encoding='utf-8'), 1):
            if (lines == 'odd' and n % 2 == 0) or \
                    (lines == 'even' and n % 2 == 1):
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
        out.append(names)
    return out


def count_text(paths, ntext):
    for path in paths:
        for ch in open(path, encoding='utf-8').read():
            if han(ch):
                ntext[ch] += 1


def mix(ner, jb, lam, jfloor):
    """ner's counts with jieba's distribution as a Dirichlet prior worth
    (1 - lam) / lam of ner's total: a character ner never saw keeps only
    its share of jieba's"""
    chars = set(ner) | set(jb)
    jt = sum(jb.values()) + jfloor * len(chars)
    nt = sum(ner.values())
    alpha = nt * (1 - lam) / lam if nt else 1.0
    return lambda ch: (ner[ch] + alpha * (jb[ch] + jfloor) / jt) / \
        (nt + alpha)
