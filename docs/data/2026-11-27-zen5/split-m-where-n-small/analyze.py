"""Medians over rounds of new/base and of each against oneDNN, per shape and as geomeans.
Usage: python3 analyze.py DIR   (files {base,new}-t{1,2}-r{1,2,3}.json from run.sh)"""
import json, math, os, statistics as st, sys
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
def geo(xs): return math.exp(sum(math.log(x) for x in xs) / len(xs))
for t in ('t1', 't2'):
    per = {}
    for r in (1, 2, 3):
        for b in ('base', 'new'):
            path = f'{d}/{b}-{t}-r{r}.json'
            if not os.path.exists(path):
                continue
            data = json.load(open(path))
            recs = data['records'] if isinstance(data, dict) and 'records' in data else data
            for x in recs:
                per.setdefault(x['name'], {}).setdefault(b, []).append((x['gflops'], x['peers']['onednn']['ratio']))
    if not per:
        continue
    print(f'threads {t[1]}')
    rows = []
    for name, v in per.items():
        n = min(len(v.get('base', [])), len(v.get('new', [])))
        if n == 0:
            continue
        nb = st.median([a / b for (a, _), (b, _) in zip(v['new'][:n], v['base'][:n])])
        ob = st.median([o for _, o in v['base']])
        on = st.median([o for _, o in v['new']])
        rows.append((nb, ob, on))
        print(f'  {name:36s} new/base {nb:.3f}x   vs oneDNN: base {ob:.3f}x, new {on:.3f}x')
    print(f"  {'geomean':36s} new/base {geo([r[0] for r in rows]):.3f}x   vs oneDNN: base "
          f'{geo([r[1] for r in rows]):.3f}x, new {geo([r[2] for r in rows]):.3f}x')
