#!/usr/bin/env python3
"""Fit the learned words of the six models and of the ideal to the tuning sets' labels.

    cargo build --release
    python3 scripts/fit_words.py --cross      # leave each tuning set out in turn, report it
    python3 scripts/fit_words.py --write      # fit on every tuning set, write models/*.yaml

The phrases of `models/vocabulary.yaml` say what partake knows how to read: who acts,
which way money moves. Much of what tells one kind of program from another is in
ordinary words no phrase holds ("booking", "lifetime", "upvote"). A learned word adds
its points to a model (or to the ideal's health) once per program, wherever it
appears; the phrases' facts keep their weights.

The reading is partake's own: the script lists every word that appears in at least
`--min-programs` programs of at least two sets, has partake read the sets with all of
them as learned words of no weight (so its evidence names each one found), and fits:

- the models' words by gradient descent on the cross-entropy of a softmax over the
  models' scores, computed as partake computes them (signals, then words, then the
  saturation), with an L1 penalty so that most words weigh nothing;
- the ideal's words by gradient descent on a pairwise logistic loss over the programs
  of each set whose tiers differ (the concordance the tiers are measured by), again
  with an L1 penalty.

Words whose weight rounds to less than `--keep` points are dropped. With --write the
words go into each model file (and models/mutual_benefit.yaml) as its `words:`, after
a comment that says where they came from; then run the tests. Blind sets are never
read.
"""
import argparse, glob, json, math, os, re, shutil, subprocess, sys, tempfile
from collections import Counter

import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit_models as fm  # noqa: E402

ROOT = fm.ROOT
MODELS = fm.MODELS
TIERS = {'high': 2, 'mid': 1, 'low': 0}
FIELDS = ['program', 'summary', 'participants', 'contributions', 'rewards', 'support', 'safeguards']
MARK = '# Learned words'
# Words that carry grammar rather than meaning are never learned: what they weigh in
# the labelled sets is their writers' style, and a reader could not make sense of it.
GRAMMAR = set("""a an the of at on by for to in into onto with without from up down out off over under about
and or but nor as so if than then while when where which what who whom whose that this these those it its
is are was were be been being am do does did has have had will would shall should can could may might must
there here also just very""".split())
# YAML 1.1 readers take these for booleans or null: quote them as keys.
SPECIAL = {'yes', 'no', 'on', 'off', 'true', 'false', 'null', 'y', 'n'}


def main():
    args = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    args.add_argument('--binary', default=os.path.join(ROOT, 'target', 'release', 'partake'))
    args.add_argument('--cross', action='store_true', help='leave each set out in turn and report it')
    args.add_argument('--write', action='store_true', help='write the fitted words into models/*.yaml')
    args.add_argument('--hold-out', default='', help='comma-separated sets to leave out of the fit and report')
    args.add_argument('--min-programs', type=int, default=4)
    args.add_argument('--l1', type=float, default=0.0005, help='L1 penalty of the models\' words')
    args.add_argument('--ideal-l1', type=float, default=0.002, help='L1 penalty of the ideal\'s words')
    args.add_argument('--l2', type=float, default=0.0005)
    args.add_argument('--scale', type=float, default=8.0, help='points a unit of a model\'s log-odds')
    args.add_argument('--ideal-scale', type=float, default=50.0, help='points of the score a tier')
    args.add_argument('--keep', type=float, default=0.5, help='drop words weighing less than this')
    args.add_argument('--steps', type=int, default=1500)
    a = args.parse_args()
    sets = sorted(os.path.basename(d) for d in glob.glob(os.path.join(ROOT, 'tests', 'sets', '*'))
                  if os.path.isdir(d) and not os.path.basename(d).startswith('blind'))
    work = tempfile.mkdtemp(prefix='partake-words-')
    try:
        candidates = candidate_words(sets, a.min_programs)
        models_dir = without_words(work, candidates)
        margs = ('--models', models_dir)
        programs = {s: fm.read_set(a.binary, s, margs) for s in sets}
        tiers = set_tiers(sets)
        for s, ps in programs.items():
            for p in ps:
                p['tier'] = tiers.get((s, p['name']))
        base = fm.Models()
        base.words = {m: {} for m in MODELS}
        suite = fm.Suite(a.binary, margs)
        for s, ps in programs.items():
            base.check_reproduces(s, ps)
        vocab = sorted(candidates)
        print(f'{len(vocab)} candidate words, {sum(map(len, programs.values()))} programs in {len(sets)} sets')
        fit = Fit(base, vocab, a)
        if a.cross:
            for out in sets:
                train = [p for s in sets if s != out for p in programs[s]]
                theta, ideal = fit.models(train), fit.ideal(train)
                test = programs[out]
                print(f'{out:16} top-1 {fit.accuracy(test, None):.1%} -> {fit.accuracy(test, theta):.1%}   '
                      f'concordance {fit.concordance(test, None):.3f} -> {fit.concordance(test, ideal):.3f}')
            return
        held = [s for s in a.hold_out.split(',') if s]
        train = [p for s in sets if s not in held for p in programs[s]]
        theta, ideal = fit.models(train), fit.ideal(train)
        learned = fit.learned(theta, ideal)
        behaviour = Behaviour(a.binary, work)
        learned, dropped = repair(behaviour, models_dir, learned)
        print(f'dropped for the behavioural suite: {", ".join(dropped) or "none"}')
        # Measured by partake itself, with the words written.
        after = {s: fm.read_set(a.binary, s, margs) for s in sets}
        for s in sets:
            print(f'{s + (" (held out)" if s in held else ""):27} top-1 {right(programs[s]):.1%} -> {right(after[s]):.1%}   '
                  f'concordance {fit.concordance(programs[s], None):.3f} -> '
                  f'{fit.concordance([dict(p, tier=tiers.get((s, p["name"]))) for p in after[s]], None):.3f}')
        for m in MODELS + ['mutual_benefit']:
            top = sorted(learned[m].items(), key=lambda kv: -abs(kv[1]))[:12]
            print(f'{m}: {len(learned[m])} words; strongest: ' + ', '.join(f'{w} {v:+.1f}' for w, v in top))
        if a.write and held:
            sys.exit('not written: fit on every tuning set to write')
        if a.write:
            write_all(os.path.join(ROOT, 'models'), learned)
    finally:
        shutil.rmtree(work)


def words_of(text):
    """The words of a text as partake reads them: runs of letters, lowercased, an apostrophe dropped."""
    return re.findall(r"[^\W\d_]+", text.lower().replace("'", '').replace('\u2019', ''))


def spec_text(spec):
    parts = []
    for field in FIELDS:
        value = spec.get(field)
        if value is None:
            continue
        parts.extend(map(str, value) if isinstance(value, list) else [str(value)])
    return ' '.join(parts)


def specs_of(name):
    """Each program spec of a set, as YAML reads it (files that are not one spec skipped)."""
    for f in glob.glob(os.path.join(ROOT, 'tests', 'sets', name, '**', '*.yaml'), recursive=True):
        try:
            spec = yaml.safe_load(open(f))
        except yaml.YAMLError:
            continue
        if isinstance(spec, dict):
            yield spec


def candidate_words(sets, min_programs):
    """Words found in at least `min_programs` programs of at least two sets."""
    programs, in_sets = Counter(), {}
    for s in sets:
        for spec in specs_of(s):
            for w in set(words_of(spec_text(spec))):
                programs[w] += 1
                in_sets.setdefault(w, set()).add(s)
    return {w for w, n in programs.items() if n >= min_programs and len(in_sets[w]) >= 2 and len(w) >= 2 and w.isalpha() and w not in GRAMMAR}


def strip_words(text):
    at = text.find('\n' + MARK)
    return text if at < 0 else text[:at + 1]


def without_words(work, candidates):
    """A copy of models/ with no learned weight, every candidate a learned word of the ideal at 0."""
    models_dir = os.path.join(work, 'models')
    shutil.copytree(os.path.join(ROOT, 'models'), models_dir)
    for f in glob.glob(os.path.join(models_dir, '*.yaml')):
        text = strip_words(open(f).read())
        if os.path.basename(f) == 'mutual_benefit.yaml':
            text += f'{MARK}: every candidate, at no weight\n'
            text += 'words: {' + ', '.join(f'{key(w)}: 0' for w in sorted(candidates)) + '}\n'
        open(f, 'w').write(text)
    return models_dir


def set_tiers(sets):
    tiers = {}
    for s in sets:
        for spec in specs_of(s):
            if spec.get('x-tier') in TIERS:
                tiers[(s, spec.get('program'))] = TIERS[spec['x-tier']]
    return tiers


def key(word):
    return f'"{word}"' if word in SPECIAL else word


def right(programs):
    """Top-1 accuracy (hybrid-aware) of partake's own verdicts."""
    ok = sum(p['primary'] == p['expect'] or (p.get('hybrid') and p.get('secondary') == p['expect']) for p in programs)
    return ok / len(programs)


def with_words(base, learned):
    """The fit_models view of the models with these learned words."""
    models = fm.Models()
    models.words = {m: dict(learned[m]) for m in MODELS}
    models.signals, models.weights = base.signals, base.weights
    return models


class Fit:
    """Words fitted on their own (a linear model of the words alone), then scaled into points."""

    def __init__(self, base, vocab, a):
        self.base, self.vocab, self.a = base, vocab, a
        self.index = {w: i for i, w in enumerate(vocab)}

    def matrix(self, programs):
        x = np.zeros((len(programs), len(self.vocab)))
        for i, p in enumerate(programs):
            for w in p['words']:
                if w in self.index:
                    x[i, self.index[w]] = 1.0
        return x

    def models(self, programs):
        """Word × model weights of a multinomial logistic model of the words alone (L1 and
        L2 penalties), in points: `--scale` points a unit of the model's log-odds. Fitted
        alone, the words learn what tells the models apart; fitted beside the phrases,
        they would learn only the few labels the phrases miss on sets they were tuned on."""
        x = self.matrix(programs)
        y = np.eye(len(MODELS))[[MODELS.index(p['expect']) for p in programs]]
        theta, bias = np.zeros((len(self.vocab), len(MODELS))), np.zeros(len(MODELS))
        n, rate = len(programs), 2.0
        for _ in range(self.a.steps):
            z = x @ theta + bias
            z -= z.max(axis=1, keepdims=True)
            prob = np.exp(z)
            prob /= prob.sum(axis=1, keepdims=True)
            grad = (prob - y) / n
            theta -= rate * (x.T @ grad + self.a.l2 * theta)
            bias -= rate * grad.sum(axis=0)
            theta = np.sign(theta) * np.maximum(np.abs(theta) - rate * self.a.l1, 0)
        return theta * self.a.scale

    def ideal(self, programs):
        """Word weights of a linear model of the tier (low 0, mid 1, high 2) from the words
        alone (L1 and L2 penalties), in health points: `--ideal-scale` points of the
        score a tier, through the health component's slope."""
        programs = [p for p in programs if p.get('tier') is not None]
        x = self.matrix(programs)
        t = np.array([p['tier'] for p in programs], dtype=float)
        t -= t.mean()
        theta, bias, n, rate = np.zeros(len(self.vocab)), 0.0, len(programs), 0.015
        for _ in range(2 * self.a.steps):
            r = x @ theta + bias - t
            theta -= rate * (x.T @ r / n + self.a.l2 * theta)
            bias -= rate * r.mean()
            theta = np.sign(theta) * np.maximum(np.abs(theta) - rate * self.a.ideal_l1, 0)
        return theta * self.a.ideal_scale / self.health_slope()

    def health_slope(self):
        """How many points of the score a health point is worth, near the middle of its range."""
        ideal = yaml.safe_load(open(os.path.join(ROOT, 'models', 'mutual_benefit.yaml')))
        w = ideal['weights']
        share = w['health'] / sum(w.values())
        return share * (100 - ideal['health']['base']) / ideal['health']['spread']

    def learned(self, theta, ideal):
        keep = self.a.keep
        out = {m: {} for m in MODELS + ['mutual_benefit']}
        for i, w in enumerate(self.vocab):
            for k, m in enumerate(MODELS):
                if abs(theta[i, k]) >= keep:
                    out[m][w] = round(float(theta[i, k]), 1)
            if abs(ideal[i]) >= keep:
                out['mutual_benefit'][w] = round(float(ideal[i]), 1)
        return out

    def accuracy(self, programs, theta):
        if theta is None:
            return self.base.accuracy(programs, self.base.weights)
        learned = self.learned(theta, np.zeros(len(self.vocab)))
        return with_words(self.base, learned).accuracy(programs, self.base.weights)

    def concordance(self, programs, ideal):
        """Pairwise tier concordance, the ideal's words added through the health slope (an estimate)."""
        x = self.matrix(programs)
        mb = np.array([p['mutual_benefit'] for p in programs], dtype=float)
        if ideal is not None:
            kept = np.where(np.abs(ideal) >= self.a.keep, np.round(ideal, 1), 0)
            mb = mb + self.health_slope() * (x @ kept)
        agree = total = 0
        for i, p in enumerate(programs):
            for j, q in enumerate(programs):
                if p.get('tier') is None or q.get('tier') is None or p['tier'] <= q['tier']:
                    continue
                total += 1
                agree += 1 if mb[i] > mb[j] else 0.5 if mb[i] == mb[j] else 0
        return agree / total if total else math.nan


class Behaviour:
    """The behavioural suite (tests/behaviour/*/), checked as tests/it/behaviour.rs checks
    it, plus the bundled examples' order the seeds give, by partake itself under any
    set of learned words."""

    def __init__(self, binary, work):
        self.binary, self.work = binary, work
        self.cases, self.gaps = {}, set()
        self.dir = os.path.join(work, 'cases')
        os.mkdir(self.dir)
        for folder in glob.glob(os.path.join(ROOT, 'tests', 'behaviour', '*')):
            gaps = os.path.join(folder, 'known-gaps.txt')
            if os.path.exists(gaps):
                self.gaps |= {l.strip() for l in open(gaps) if l.strip() and not l.startswith('#')}
            for f in sorted(glob.glob(os.path.join(folder, '*.yaml'))):
                for case in yaml.safe_load(open(f)) or []:
                    self.cases[case['id']] = case
                    for part in ('spec', 'variant'):
                        if case.get(part):
                            with open(os.path.join(self.dir, f"{case['id']}__{part}.yaml"), 'w') as out:
                                yaml.safe_dump(case[part], out, allow_unicode=True)
        ideal = yaml.safe_load(open(os.path.join(ROOT, 'models', 'mutual_benefit.yaml')))
        self.tiers = ideal['tiers']

    def run(self, models_dir, paths):
        out = subprocess.run([self.binary, 'score', *paths, '--format', 'json', '-q', '--models', models_dir],
                             capture_output=True, cwd=ROOT)
        return json.loads(out.stdout)['programs']

    def failing(self, models_dir):
        """The ids of the cases that fail (known gaps apart), and whether the examples keep their order."""
        read = {os.path.basename(p['source']['path'])[:-len('.yaml')]: p for p in self.run(models_dir, [self.dir])}
        tier = lambda v: 'high' if v >= self.tiers['high'] else 'mid' if v >= self.tiers['mid'] else 'low'
        score = lambda p, what: p['mutual_benefit'] if what == 'mutual_benefit' else p['scores'][what]
        primary = lambda p, m: p['primary'] == m or (p['hybrid'] and p['secondary'] == m)
        failing = set()
        for cid, case in self.cases.items():
            e, a = case['expect'], read[f'{cid}__spec']
            ok = ('primary' not in e or primary(a, e['primary'])) and a['primary'] != e.get('not_primary', '-')
            ok &= all(score(a, m) < limit for m, limit in (e.get('below') or {}).items())
            ok &= all(score(a, m) >= floor for m, floor in (e.get('at_least') or {}).items())
            ok &= e.get('recognized', a['recognized']) == a['recognized']
            ok &= e.get('tier', tier(a['mutual_benefit'])) == tier(a['mutual_benefit'])
            ok &= e.get('not_tier') != tier(a['mutual_benefit'])
            if case.get('variant'):
                b, by = read[f'{cid}__variant'], e.get('by', 1)
                ok &= not (e.get('same_primary') and a['primary'] != b['primary'])
                names = list(a['scores']) + ['mutual_benefit']
                ok &= all(abs(score(a, n) - score(b, n)) <= e.get('max_change', 100) for n in names)
                ok &= not (e.get('raises') and score(b, e['raises']) < score(a, e['raises']) + by)
                ok &= not (e.get('lowers') and score(b, e['lowers']) + by > score(a, e['lowers']))
            if not ok and cid not in self.gaps:
                failing.add(cid)
        ex = {p['program']: p['mutual_benefit'] for p in self.run(models_dir, ['examples'])}
        invitation, gig = ex.pop('Invite friends to Facebook'), ex['Meal couriers without rights']
        armies = [ex[n] for n in ('Host-guided city tours', 'Layover meetups with Amsterdam locals', 'Amazon Flex')]
        ordered = all(invitation > v for v in ex.values()) and all(v >= 60 and gig < v for v in armies)
        return failing, ordered

    def words_in(self, models_dir, cid):
        """The learned words partake finds in a case's spec and variant."""
        paths = [os.path.join(self.dir, f'{cid}__{part}.yaml') for part in ('spec', 'variant')
                 if self.cases[cid].get(part)]
        return {w for p in self.run(models_dir, paths) for w in fm.learned_words_of(p)}


def repair(behaviour, models_dir, learned):
    """Drop learned words until every behavioural case that passes without them passes with
    them, and the examples keep their order: for each failing case, the word of its text
    whose removal mends it and breaks nothing else, strongest first."""
    write_all(models_dir, {m: {} for m in learned})
    before, ordered_before = behaviour.failing(models_dir)
    write_all(models_dir, learned)
    failing, ordered = behaviour.failing(models_dir)
    failing -= before
    dropped = []
    while failing or (ordered_before and not ordered):
        cid = min(failing) if failing else None
        present = behaviour.words_in(models_dir, cid) if cid else set().union(*(w.keys() for w in learned.values()))
        strength = lambda w: sum(abs(t.get(w, 0)) for t in learned.values())
        mended = False
        for word in sorted(present, key=lambda w: (-strength(w), w))[:40]:
            trial = {m: {w: v for w, v in t.items() if w != word} for m, t in learned.items()}
            write_all(models_dir, trial)
            now, now_ordered = behaviour.failing(models_dir)
            now -= before
            if (cid is None and now_ordered and not now) or (cid and cid not in now and now <= failing):
                learned, failing, ordered, mended = trial, now, now_ordered, True
                dropped.append(word)
                break
        if not mended:
            # No one word mends it alone: drop the strongest of its words, and look again.
            word = max(present, key=lambda w: (strength(w), w))
            learned = {m: {w: v for w, v in t.items() if w != word} for m, t in learned.items()}
            dropped.append(word)
            write_all(models_dir, learned)
            failing, ordered = behaviour.failing(models_dir)
            failing -= before
    write_all(models_dir, learned)
    return learned, dropped


def write_all(models_dir, learned):
    for m, words in learned.items():
        write_words(os.path.join(models_dir, f'{m}.yaml'), words)


def write_words(path, words):
    """Replace the file's learned words (its last block) with these."""
    text = strip_words(open(path).read()).rstrip('\n') + '\n'
    if words:
        ordered = sorted(words.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        items = [f'{key(w)}: {v:g}' for w, v in ordered]
        lines, line = [], 'words: {'
        for item in items:
            if len(line) + len(item) + 2 > 100:
                lines.append(line.rstrip())
                line = '  '
            line += item + ', '
        lines.append(line.rstrip(', ') + '}')
        target = 'health' if path.endswith('mutual_benefit.yaml') else 'this model'
        text += (f'\n{MARK}, fitted to the tuning sets\' labels by scripts/fit_words.py: each adds its\n'
                 f'# points to {target} once per program, wherever it appears.\n' + '\n'.join(lines) + '\n')
    open(path, 'w').write(text)


if __name__ == '__main__':
    main()
