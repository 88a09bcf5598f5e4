#!/usr/bin/env python3
"""Fit the six models' signal weights to the labels of the tuning sets.

    cargo build --release
    python3 scripts/fit_models.py                         # fit on every tuning set
    python3 scripts/fit_models.py --hold-out tuning-n     # also report a held-out set
    python3 scripts/fit_models.py --cross                 # leave one set out, each in turn

The reading is left as it is: partake reads every program once (its JSON evidence
says which fact was found in which field), and the script recomputes each model's
score from those facts exactly as partake does (a signal counts once, at the
largest field weight among its hits in the fields it counts in; scores saturate;
the verdict's thresholds and hybrid margin from `models/vocabulary.yaml`). It checks
that this recomputation gives partake's own scores before fitting anything.

The objective is top-1 accuracy, hybrid-aware (a hybrid verdict is right when either
of its top two models is the label), over the programs fitted on, minus a small cost
for moving a weight from its written value. The search is coordinate descent: each
signal's weight is tried at a few multiples of its value (never zero, never the other
sign, within ±60: the fit weighs what the models say, it does not rewrite them), and
a change is kept only if the objective rises and every behavioural case of
`tests/behaviour/` that passed still passes. Blind sets are never read.

It prints the changes it keeps and, with --write, writes them into `models/*.yaml` in
place (only the numbers change; comments stay). Run the behavioural suite afterwards:
`cargo test --release --test it behaviour`.
"""
import argparse, glob, json, math, os, re, shutil, subprocess, sys, tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = ['affiliate', 'open_source', 'crowdsourcing', 'financial', 'marketplace', 'participation']
FIELDS = ['summary', 'participants', 'contributions', 'rewards', 'support', 'safeguards', 'program']
STEPS = [0.5, 0.7, 0.85, 1.2, 1.4, 2.0]
LIMIT = 60.0
# Accuracy is counted in programs; moving a weight by half its value costs this much,
# and giving a model a fact it did not list costs as much as moving four weights.
MOVE_COST = 0.25
ADD_COST = 1.0
NEW_WEIGHTS = [-10.0, -5.0, 5.0, 10.0]
SKIP = {'people', 'neutral_phrases', 'money_mentioned'}


def main():
    args = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    args.add_argument('--binary', default=os.path.join(ROOT, 'target', 'release', 'partake'))
    args.add_argument('--hold-out', default='', help='comma-separated sets to leave out of the fit and report')
    args.add_argument('--cross', action='store_true', help='leave each set out in turn and report it')
    args.add_argument('--rounds', type=int, default=3)
    args.add_argument('--write', action='store_true', help='write the fitted weights into models/*.yaml')
    args.add_argument('--add', action='store_true',
                      help='also try each fact a model does not list yet, at a small weight either way')
    a = args.parse_args()
    sets = sorted(os.path.basename(d) for d in glob.glob(os.path.join(ROOT, 'tests', 'sets', '*')) if os.path.isdir(d))
    held = [s for s in a.hold_out.split(',') if s]
    if any(s.startswith('blind') for s in held):
        sys.exit('blind sets are for measuring once, never for fitting or validating')
    sets = [s for s in sets if not s.startswith('blind')]
    models = Models(a.add)
    models.suite = Suite(a.binary)
    print(f'behavioural cases passing with the written weights: {models.suite.passing(models, models.weights)} '
          f'of {len(models.suite.cases)} (those about the models must keep passing)')
    programs = {s: read_set(a.binary, s) for s in sets}
    for s, ps in programs.items():
        models.check_reproduces(s, ps)
    if a.cross:
        for out in sets:
            fit_on = [p for s in sets if s != out for p in programs[s]]
            weights = models.fit(fit_on, a.rounds, quiet=True)
            before, after = models.accuracy(programs[out], models.weights), models.accuracy(programs[out], weights)
            print(f'{out}: {before:.1%} with the written weights, {after:.1%} fitted without it')
        return
    fit_on = [p for s in sets if s not in held for p in programs[s]]
    weights = models.fit(fit_on, a.rounds)
    for s in sets:
        mark = ' (held out)' if s in held else ''
        print(f'{s}{mark}: {models.accuracy(programs[s], models.weights):.1%} -> {models.accuracy(programs[s], weights):.1%}')
    if a.write:
        models.write(weights)


class Suite:
    """The behavioural cases (tests/behaviour/*/), read once by partake, checked under any weights."""

    def __init__(self, binary, models_args=()):
        self.cases = []
        work = tempfile.mkdtemp(prefix='partake-fit-')
        for folder in glob.glob(os.path.join(ROOT, 'tests', 'behaviour', '*')):
            gaps_file = os.path.join(folder, 'known-gaps.txt')
            gaps = set()
            if os.path.exists(gaps_file):
                gaps = {l.strip() for l in open(gaps_file) if l.strip() and not l.startswith('#')}
            for f in sorted(glob.glob(os.path.join(folder, '*.yaml'))):
                for case in yaml.safe_load(open(f)) or []:
                    if case['id'] in gaps:
                        continue
                    for part in ('spec', 'variant'):
                        if case.get(part):
                            yaml.safe_dump(case[part], open(os.path.join(work, f"{case['id']}.{part}.yaml"), 'w'))
                    self.cases.append(case)
        out = subprocess.run([binary, 'score', work, '--format', 'json', '-q', *models_args], capture_output=True)
        self.read = {}
        for p in json.loads(out.stdout)['programs']:
            key = os.path.basename(p['source']['path'])[:-len('.yaml')]
            self.read[key] = {'recognized': p['recognized'], 'hits': hits_of(p), 'words': learned_words_of(p)}
        shutil.rmtree(work)

    def passing(self, models, weights):
        return sum(self.passes(models, weights, case) for case in self.cases)

    def passes(self, models, weights, case):
        e = case['expect']
        a = models.verdict(self.read[f"{case['id']}.spec"], weights)
        score = lambda v, m: v[0].get(m)
        if 'primary' in e and not (a[1] == e['primary'] or (a[3] and a[2] == e['primary'])):
            return False
        if 'not_primary' in e and a[1] == e['not_primary']:
            return False
        for m, limit in (e.get('below') or {}).items():
            if m in MODELS and score(a, m) >= limit:
                return False
        for m, floor in (e.get('at_least') or {}).items():
            if m in MODELS and score(a, m) < floor:
                return False
        if not case.get('variant'):
            return True
        b = models.verdict(self.read[f"{case['id']}.variant"], weights)
        if e.get('same_primary') and a[1] != b[1]:
            return False
        if 'max_change' in e and any(abs(score(a, m) - score(b, m)) > e['max_change'] for m in MODELS):
            return False
        by = e.get('by', 1)
        if e.get('raises') in MODELS and score(b, e['raises']) < score(a, e['raises']) + by:
            return False
        if e.get('lowers') in MODELS and score(b, e['lowers']) + by > score(a, e['lowers']):
            return False
        return True


def hits_of(program):
    """The facts a program's evidence names, with their fields (learned words apart)."""
    return [(e['fact'], e.get('field')) for e in program['evidence'] if e['fact'] != 'learned_words']


def learned_words_of(program):
    """The learned words found in a program, as partake read them, in the order found.
    The evidence is the author's text: partake drops an apostrophe inside a word
    ("don't" is "dont"), and reads a slash after a number as "per" ("$5/task"; between
    words it is "or", which is never learned)."""
    def word(phrase):
        return 'per' if phrase == '/' else phrase.lower().replace("'", '').replace('\u2019', '')
    return list(dict.fromkeys(word(e['phrase']) for e in program['evidence'] if e['fact'] == 'learned_words'))


def read_set(binary, name, models_args=()):
    """Each program of a set: its label, whether partake recognised it, its hits and learned words."""
    path = os.path.join(ROOT, 'tests', 'sets', name)
    out = subprocess.run([binary, 'score', path, '--format', 'json', '-q', *models_args], capture_output=True, check=True)
    programs = []
    for p in json.loads(out.stdout)['programs']:
        if not p.get('expect'):
            continue
        programs.append({'name': p['program'], 'expect': p['expect'], 'recognized': p['recognized'],
                         'hits': hits_of(p), 'words': learned_words_of(p), 'scores': p['scores'],
                         'primary': p['primary'], 'secondary': p['secondary'], 'hybrid': p['hybrid'],
                         'mutual_benefit': p['mutual_benefit'], 'set': name})
    return programs


class Models:
    def __init__(self, add=False):
        vocabulary = yaml.safe_load(open(os.path.join(ROOT, 'models', 'vocabulary.yaml')))
        self.field_weights = vocabulary['field_weights']
        self.verdict_thresholds = vocabulary['verdict']
        self.suite = None
        self.signals = []  # (model, fact, allowed fields)
        self.weights = []
        # Each model's learned words (scripts/fit_words.py), which this fit leaves as they are.
        self.words = {}
        for m in MODELS:
            doc = yaml.safe_load(open(os.path.join(ROOT, 'models', f'{m}.yaml')))
            self.words[m] = {str(w): float(v) for w, v in (doc.get('words') or {}).items()}
            for s in doc['signals']:
                fields = set(s.get('fields') or FIELDS)
                # The program's name counts wherever the summary does.
                if 'summary' in fields:
                    fields.add('program')
                self.signals.append((m, s['fact'], fields))
                self.weights.append(float(s['weight']))
        self.written = len(self.signals)
        if add:
            # A fact a model does not list starts at no weight; the fit may give it one.
            # Facts that only describe (the people named, neutral words) are not tried.
            listed = {(m, f) for m, f, _ in self.signals}
            for m in MODELS:
                for fact, definition in vocabulary['facts'].items():
                    if (m, fact) not in listed and definition.get('phrases') and fact not in SKIP:
                        self.signals.append((m, fact, set(FIELDS)))
                        self.weights.append(0.0)

    def features(self, program):
        """Each signal's strength in a program: its best field weight, 0 when absent."""
        if 'x' not in program:
            x = []
            for _, fact, fields in self.signals:
                best = 0.0
                for f, field in program['hits']:
                    if f != fact:
                        continue
                    if field is None:
                        best = max(best, 1.0)
                    elif field in fields:
                        best = max(best, self.field_weights[field])
                x.append(best)
            program['x'] = x
        return program['x']

    def scores(self, program, weights):
        raw = dict.fromkeys(MODELS, 0.0)
        for (m, _, _), w, x in zip(self.signals, weights, self.features(program)):
            raw[m] += w * x
        # Each word's points in turn, in the order found, as partake adds them.
        for m in MODELS:
            for word in program.get('words', ()):
                raw[m] += self.words[m].get(word, 0.0)
        return {m: (saturate(r, self.verdict_thresholds['saturation']), r) for m, r in raw.items()}

    def verdict(self, program, weights):
        """(scores, primary, secondary, hybrid), as partake's verdict gives them."""
        scores = self.scores(program, weights)
        ranked = sorted(MODELS, key=lambda m: (-scores[m][0], -scores[m][1], MODELS.index(m)))
        best, runner = ranked[0], ranked[1]
        v = self.verdict_thresholds
        s_best, s_runner = scores[best][0], scores[runner][0]
        fits = s_best >= v['primary'] or (s_best >= v['primary_with_clear_lead'] and s_best - s_runner >= v['clear_lead'])
        primary = best if program['recognized'] and fits else None
        secondary = runner if primary and s_runner >= v['secondary'] else None
        hybrid = bool(secondary) and s_best - s_runner <= v['hybrid_margin']
        return {m: sc for m, (sc, _) in scores.items()}, primary, secondary, hybrid

    def right(self, program, weights):
        _, primary, secondary, hybrid = self.verdict(program, weights)
        return primary is not None and (primary == program['expect'] or (hybrid and secondary == program['expect']))

    def accuracy(self, programs, weights):
        return sum(self.right(p, weights) for p in programs) / len(programs)

    def check_reproduces(self, name, programs):
        wrong = [p['name'] for p in programs
                 if {m: s for m, (s, _) in self.scores(p, self.weights).items()} != p['scores']]
        if wrong:
            sys.exit(f'{name}: the recomputed scores differ from partake\'s for {len(wrong)} programs, e.g. {wrong[:3]}')

    def objective(self, programs, weights):
        right = sum(self.right(p, weights) for p in programs)
        moved = sum(abs(math.log(w / w0)) for w, w0 in zip(weights, self.weights) if w0 and w)
        added = sum(1 for w, w0 in zip(weights, self.weights) if w and not w0)
        return right - MOVE_COST * moved / math.log(1.5) - ADD_COST * added

    def fit(self, programs, rounds, quiet=False):
        weights = list(self.weights)
        best = self.objective(programs, weights)
        passing = self.suite.passing(self, weights) if self.suite else 0
        for _ in range(rounds):
            changed = False
            for i, (m, fact, _) in enumerate(self.signals):
                values = [weights[i] * step for step in STEPS] if weights[i] else NEW_WEIGHTS
                for value in values:
                    trial = list(weights)
                    trial[i] = float(max(-LIMIT, min(LIMIT, round(value))))
                    if trial[i] == weights[i] or (trial[i] == 0.0 and self.weights[i]):
                        continue
                    score = self.objective(programs, trial)
                    # A behavioural case that passed must still pass.
                    if score > best + 1e-9 and (not self.suite or self.suite.passing(self, trial) >= passing):
                        if not quiet:
                            print(f'  {m}.{fact}: {weights[i]} -> {trial[i]} (objective {best:.2f} -> {score:.2f})')
                        best, weights, changed = score, trial, True
            if not changed:
                break
        return weights

    def write(self, weights):
        """Rewrite each changed weight in place, in signal order, keeping the files' comments."""
        changes, added = {}, {}
        for i, ((m, fact, _), w, w0) in enumerate(zip(self.signals, weights, self.weights)):
            if i >= self.written:
                if w:
                    added.setdefault(m, []).append((fact, w))
                continue
            changes.setdefault(m, []).append((fact, w if w != w0 else None))
        for m, facts in changes.items():
            path = os.path.join(ROOT, 'models', f'{m}.yaml')
            text = open(path).read()
            at = 0
            for fact, w in facts:
                found = re.compile(rf'  - fact: {re.escape(fact)}\n    weight: (-?[0-9.]+)').search(text, at)
                at = found.end()
                if w is not None:
                    new = str(int(w))
                    text = text[:found.start(1)] + new + text[found.end(1):]
                    at = found.start(1) + len(new)
            if m in added:
                text = text.rstrip('\n') + '\n  # Found by the fit: facts the model did not list, weighed by the labels.\n'
                text += ''.join(f'  - fact: {fact}\n    weight: {int(w)}\n' for fact, w in added[m])
            open(path, 'w').write(text)


def saturate(raw, saturation):
    if raw <= 0:
        return 0
    return max(0, min(100, int(math.floor(100 * (1 - math.exp(-raw / saturation)) + 0.5))))


if __name__ == '__main__':
    main()
