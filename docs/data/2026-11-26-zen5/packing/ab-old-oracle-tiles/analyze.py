# Paired comparison of the runs in this folder: per shape our GFLOP/s new/old per round
# (absolute, so machine drift between the two runs shows too) and each run's ratio to
# oneDNN measured beside it (the robust figure). Usage: python3 analyze.py
import json, math, os
HERE = os.path.dirname(os.path.abspath(__file__))
def load(f):
    return {r['name']: r for r in json.load(open(f))['records']}
for t in (1, 2):
    rounds = []
    for r in (1, 2):
        try:
            rounds.append((load(os.path.join(HERE, f't{t}-old-{r}.json')), load(os.path.join(HERE, f't{t}-new-{r}.json'))))
        except FileNotFoundError:
            pass
    print(f'== {t} thread(s), {len(rounds)} rounds')
    by_class = {}
    for name in rounds[0][0]:
        old = rounds[0][0][name]
        ratios = [n[name]['gflops'] / o[name]['gflops'] for o, n in rounds]
        on_old = [o[name]['peers']['onednn']['ratio'] for o, n in rounds]
        on_new = [n[name]['peers']['onednn']['ratio'] for o, n in rounds]
        t_ = old['tiles']
        path = t_['path']; pk = ('A' if t_['pack_a']=='on' else '-') + ('B' if t_['pack_b']=='on' else '-')
        print(f"{name:38s} {path:8s} {pk} new/old {' '.join('%.3f'%x for x in ratios)}  onednn old {' '.join('%.2f'%x for x in on_old)} new {' '.join('%.2f'%x for x in on_new)}")
        by_class.setdefault(old['class'], []).append((ratios, on_old, on_new))
    g = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))
    for c, rows in by_class.items():
        for i in range(len(rounds)):
            print(f"  {c:12s} round {i+1}: new/old {g([r[0][i] for r in rows]):.3f}  vs onednn old {g([r[1][i] for r in rows]):.3f} new {g([r[2][i] for r in rows]):.3f}")
