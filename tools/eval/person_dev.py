#!/usr/bin/env python3
"""Person scores of zhx-ents on the NER dev sets, per half (odd/even lines),
so a change tuned on one half can be checked on the other.

usage: tools/eval/person_dev.py SHARED_DIR [--set msra-dev|pd1998-dev]
           [--half odd|even] [--list fn|fp|both] [--bin bin/zhx-ents] [--live]

Runs the real binary (--input-format jsonl -f jsonl) over each set, then
prints, for the whole set and for the odd and the even lines (1-based line
numbers), mention-level person P/R/F1 and micro F1 over person, place and
institution, scored as shared/eval/score_ents.py does (exact type, start,
end; duplicates once). --list prints the person misses (FN) and false
alarms (FP) with a little context, tagged by what overlaps them.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

TYPES = ('person', 'place', 'institution')


def run(binary, path, live=None):
    extra = ['--rules-only', '--rules', live] if live else []
    out = subprocess.run([binary, '--input-format', 'jsonl', '-f', 'jsonl'] +
                         extra + [path], check=True,
                         capture_output=True).stdout
    docs = {}
    for line in out.decode('utf-8').splitlines():
        r = json.loads(line)
        if r['type'] in TYPES:
            docs.setdefault(r['doc'], set()).add(
                (r['type'], r['start'], r['end']))
            RULE[(r['doc'], r['type'], r['start'], r['end'])] = r['rule']
    return docs


RULE = {}


def prf(tp, np_, ng):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('shared')
    ap.add_argument('--set', action='append')
    ap.add_argument('--half', choices=('odd', 'even'))
    ap.add_argument('--list', choices=('fn', 'fp', 'both'))
    ap.add_argument('--bin', default='bin/zhx-ents')
    ap.add_argument('--rules', action='store_true',
                    help='true and false person mentions by rule')
    ap.add_argument('--live', action='store_true',
                    help='load rules/*.rules of the working tree at run time '
                    '(no rebuild; new lexicon files still need one)')
    a = ap.parse_args()
    live = None
    if a.live:
        import glob
        import tempfile
        tf = tempfile.NamedTemporaryFile('w', suffix='.rules', delete=False,
                                         encoding='utf-8')
        for f in sorted(glob.glob('rules/*.rules')):
            tf.write(open(f, encoding='utf-8').read() + '\n')
        tf.close()
        live = tf.name
    for name in a.set or ['msra-dev', 'pd1998-dev']:
        path = os.path.join(a.shared, 'peers', 'ner', name + '.jsonl')
        pred = run(a.bin, path, live)
        gold = [json.loads(l) for l in open(path, encoding='utf-8')]
        cnt = {h: {t: [0, 0, 0] for t in TYPES} for h in ('all', 'odd', 'even')}
        listing = []
        byrule = collections.defaultdict(lambda: [0, 0])
        for n, d in enumerate(gold, 1):
            half = 'odd' if n % 2 else 'even'
            g = {(e['type'], e['start'], e['end']) for e in d['entities']}
            p = pred.get(d['id'], set())
            for t in TYPES:
                gt = {x for x in g if x[0] == t}
                pt = {x for x in p if x[0] == t}
                for h in ('all', half):
                    c = cnt[h][t]
                    c[0] += len(gt & pt)
                    c[1] += len(pt)
                    c[2] += len(gt)
            for x in p:
                if x[0] == 'person' and (not a.half or a.half == half):
                    byrule[RULE[(d['id'],) + x]][x not in g] += 1
            if a.list and (not a.half or a.half == half):
                text = d['text']
                for kind, s in (('FN', g - p), ('FP', p - g)):
                    if a.list not in (kind.lower(), 'both'):
                        continue
                    other = p if kind == 'FN' else g
                    for t, st, en in sorted(s, key=lambda x: x[1]):
                        if t != 'person':
                            continue
                        over = [o for o in other if o[1] < en and st < o[2]]
                        tag = ','.join('%s:%s' % (o[0][:3], text[o[1]:o[2]])
                                       for o in over) or '-'
                        rl = RULE.get((d['id'], t, st, en), '')
                        ctx = (text[max(0, st - 8):st] + '[' + text[st:en] +
                               ']' + text[en:en + 8]).replace('\n', ' ')
                        listing.append('%s %s\t%s\t%s\t%s\t%s' % (
                            kind, d['id'], text[st:en], tag, ctx, rl))
        print('== %s' % name)
        for h in ('all', 'odd', 'even'):
            c = cnt[h]
            pp = prf(*c['person'])
            tot = [sum(c[t][i] for t in TYPES) for i in range(3)]
            mp = prf(*tot)
            print('%-4s person P %.3f R %.3f F1 %.4f (gold %d pred %d tp %d)'
                  '   micro F1 %.4f' % (h, pp[0], pp[1], pp[2], c['person'][2],
                                       c['person'][1], c['person'][0], mp[2]))
        if a.rules:
            for k, (tp, fp) in sorted(byrule.items()):
                print('   rule %-28s tp %4d fp %4d' % (k, tp, fp))
        for l in listing:
            print(l)
    seed(a, live)
    if live:
        os.unlink(live)


def seed(a, live):
    """Persons of the seed article against its gold (mention level)."""
    gpath = os.path.join(a.shared, 'gold', 'hohhot-talent-2024.json')
    tpath = 'testdata/hohhot-talent-2024.txt'
    if not os.path.exists(gpath) or not os.path.exists(tpath):
        return
    extra = ['--rules-only', '--rules', live] if live else []
    out = subprocess.run([a.bin, '-f', 'jsonl', '--base-date', '2024-09-28']
                         + extra + [tpath], check=True,
                         capture_output=True).stdout.decode('utf-8')
    pred = {(r['start'], r['end'], r['text'], r.get('role') or None)
            for r in map(json.loads, out.splitlines())
            if r['type'] == 'person'}
    gold = {(e['start'], e['end'], e['text'], e.get('role'))
            for e in json.load(open(gpath, encoding='utf-8'))['entities']
            if e['type'] == 'person'}
    p, r, f = prf(len(pred & gold), len(pred), len(gold))
    print('== seed person (span and role) P %.3f R %.3f F1 %.4f' % (p, r, f))
    for x in sorted(gold - pred):
        print('FN seed', x)
    for x in sorted(pred - gold):
        print('FP seed', x)


if __name__ == '__main__':
    sys.exit(main())
