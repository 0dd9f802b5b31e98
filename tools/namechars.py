#!/usr/bin/env python3
"""Generate rules/lex/name-char-seed.txt: how much likelier each character
is in a Chinese personal name (as surname, as given-name character) than
in running news text.

For each Han character: sur = ln(P(c | surname) / P(c | text)) and
giv = ln(P(c | given-name character) / P(c | text)), clipped to [-6, 6].

Two sources of names, mixed:
- jieba's dictionary: nr entries of 2-4 characters that start with a
  surname of rules/lex/surname*.txt, whose given part is all friso
  given-name characters (rules/lex/given-char.txt; jieba tags 巢内取 nr)
  and that are no part of three or more longer entries (jieba tags 荣誉
  and 智慧 nr); type counts. jieba's names
  lean on history and fiction.
- with --ner: the gold person mentions of NER corpora (JSONL, the shape of
  shared/peers/ner/: {"text", "entities": [{"type", "text"}]}), those that
  are a surname and one or two Han given characters, counted once per
  distinct name and file (a name a story repeats counts once). Only
  character statistics are taken from them, no names.
The NER counts are smoothed with jieba's distribution as a Dirichlet prior
worth (1 - L) / L of their total (L = 0.7): P = (n(c) + a P_jieba(c)) /
(N + a), so a character the corpora never show keeps only jieba's share.

Two sources of text, mixed the same way:
- jieba's word frequencies spread over their characters, with a floor of
  FLOOR added to every character's count (keeps rare characters from
  looking like strong name characters on a few dictionary names);
- with --ner or --text: the characters of news text (the NER corpora's
  texts outside person mentions, and plain text files such as the SIGHAN
  2005 PKU test text), smoothed with jieba's distribution as a prior.

--lines odd|even keeps only the odd or even lines (1-based) of each --ner
file, so that statistics made from one half can be checked on the other.

Characters rarer than 200 in jieba's text and never in a name are left
out (the rules give unknown characters weight 0).

lone=1 marks the surnames with sur >= LONE: strong enough that the
character alone, in the right place, is taken for a person (给黄送钱); the
rule that uses them is tried only where one of these stands.

Sources: jieba 0.42.1 dict.txt (Debian python3-jieba, MIT); MSRA NER
(SIGHAN 2006, research use) and People's Daily 1998 (PKU, research use)
dev sets; SIGHAN 2005 PKU test text (research use): character counts only.
usage: tools/namechars.py [--dict DICT] [--ner FILE]... [--text FILE]...
           [--lines odd|even|all] > rules/lex/name-char-seed.txt
"""
import argparse
import collections
import math
import os

from namecorpus import (add_corpus_args, count_text, han, lex_words, mix,
                        ner_persons)

FLOOR = 2000       # jieba text: added to every character's frequency
L_NAMES = 0.7      # weight of the NER names against jieba's
L_TEXT = 0.7       # weight of news text against jieba's
LONE = 4.0         # sur at which a surname alone may be a person


def main():
    ap = argparse.ArgumentParser()
    add_corpus_args(ap)
    a = ap.parse_args()

    surnames = lex_words('rules/lex/surname*.txt')

    # friso's given-name characters (rules/lex/given-char.txt): jieba's nr
    # entries whose given part has others are mostly no names (巢内取)
    givenset = lex_words('rules/lex/given-char.txt')

    def split(w):
        """(surname, given) of a Chinese-looking name, or None."""
        if not han(w):
            return None
        if 3 <= len(w) <= 4 and w[:2] in surnames:
            return w[:2], w[2:]
        if 1 <= len(w) <= 3 and w[:1] in surnames:
            return w[:1], w[1:]
        return None

    # jieba: names and text
    entries = [line.split() for line in open(a.dict, encoding='utf-8')]
    short = {w for w, f, t in entries if t == 'nr' and 2 <= len(w) <= 4}
    inside = collections.Counter()
    for w, f, t in entries:
        for n in (2, 3, 4):
            for i in range(len(w) - n + 1):
                if w[i:i + n] in short and w[i:i + n] != w:
                    inside[w[i:i + n]] += 1
    jtext = collections.Counter()
    jgiv = collections.Counter()
    jsur = collections.Counter()
    for w, f, t in entries:
        if not han(w):
            continue
        for ch in w:
            jtext[ch] += int(f)
        if t == 'nr' and 2 <= len(w) <= 4 and inside[w] < 3:
            sg = split(w)
            if not sg or not sg[1] or not set(sg[1]) <= givenset:
                continue
            if len(sg[0]) == 1:
                jsur[sg[0]] += 1
            for ch in sg[1]:
                jgiv[ch] += 1

    # NER corpora: names (distinct per file) and news text
    ntext = collections.Counter()
    ngiv = collections.Counter()
    nsur = collections.Counter()
    for names in ner_persons(a.ner, a.lines, ntext):
        for w in names:
            sg = split(w)
            if not sg:
                continue
            if len(sg[0]) == 1:
                nsur[sg[0]] += 1
            for ch in sg[1]:
                ngiv[ch] += 1
    count_text(a.text, ntext)

    # half a count of smoothing for jieba's unseen name characters
    p_text = mix(ntext, jtext, L_TEXT, FLOOR)
    p_giv = mix(ngiv, jgiv, L_NAMES, 0.5)
    p_sur = mix(nsur, jsur, L_NAMES, 0.5)

    print('# How much likelier a character is in a Chinese name than in news '
          'text:')
    print('# giv=ln(P(c|given name)/P(c|text)), sur=ln(P(c|surname)/P(c|text)),')
    print('# clipped to [-6, 6]. Names: jieba nr entries of 2-4 characters that')
    print('# start with a surname%s; text: jieba word frequencies over '
          'characters%s.' % (
              ', mixed with the person names of the NER dev sets (distinct '
              'names, %s lines)' % a.lines if a.ner else '',
              ', mixed with news text (the dev sets outside names%s)' % (
                  ', ' + ', '.join(os.path.basename(t) for t in a.text)
                  if a.text else '') if a.ner or a.text else ''))
    print('# source: jieba 0.42.1 dict.txt (Debian python3-jieba)%s' % (
        '; MSRA NER and People\'s Daily 1998 dev sets (shared/peers/ner), '
        'SIGHAN 2005 PKU test text (shared/peers/sighan2005): character '
        'counts only' if a.ner or a.text else ''))
    print('# license: MIT (jieba)%s' % ('; the corpora are released for '
                                         'research use' if a.ner or a.text
                                         else ''))
    print('# generated by: tools/namechars.py %s' % ' '.join(
        (['--lines ' + a.lines] if a.ner else []) +
        ['--ner ' + os.path.basename(f) for f in a.ner] +
        ['--text ' + os.path.basename(f) for f in a.text]))
    for ch in sorted(set(jtext) | set(jgiv) | set(ngiv) | set(nsur)):
        if not han(ch):
            continue
        if jtext[ch] < 200 and not (jgiv[ch] or ngiv[ch] or nsur[ch]):
            continue  # rare and never in a name: weight 0 by default
        pt = p_text(ch)
        g = math.log(p_giv(ch) / pt)
        fields = ['giv=%.2f' % max(-6, min(6, g))]
        if jsur[ch] or nsur[ch]:
            s = math.log(p_sur(ch) / pt)
            fields.append('sur=%.2f' % max(-6, min(6, s)))
            if s >= LONE:
                fields.append('lone=1')
        print(ch + '\t' + '\t'.join(fields))


if __name__ == '__main__':
    main()
