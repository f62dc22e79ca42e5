"""Medians of per-round ratios, new (small-M path up to 32 rows, kc 256 above 8) over base, and each against oneDNN.
Usage: python3 analyze.py DIR   (files {base,m32}-t{1,2}-r{1,2,3}.json from run.sh)"""
import json, statistics as st, sys, os
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
for t in ('t1', 't2'):
    per = {}
    for r in (1, 2, 3):
        for b in ('base', 'm32'):
            path = f'{d}/{b}-{t}-r{r}.json'
            if not os.path.exists(path):
                continue
            data = json.load(open(path))
            recs = data['records'] if isinstance(data, dict) and 'records' in data else data
            for x in recs:
                per.setdefault(x['name'], {}).setdefault(b, []).append((x['gflops'], x['peers']['onednn']['ratio']))
    print(f'threads {t[1]}')
    for name, v in per.items():
        rb = [a / b for (a, _), (b, _) in zip(v['m32'], v['base'])]
        print(f"  {name:32s} new/base {st.median(rb):.2f}x   vs oneDNN: base {st.median([o for _, o in v['base']]):.2f}x, new {st.median([o for _, o in v['m32']]):.2f}x")
