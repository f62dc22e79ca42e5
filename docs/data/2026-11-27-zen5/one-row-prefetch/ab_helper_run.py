#!/usr/bin/env python3
# usage: abrun.py ROUNDS THREADS SUITE name=ENV;BIN;EXTRA ...
import json, os, subprocess, sys, statistics, tempfile
rounds = int(sys.argv[1]); threads = sys.argv[2]; suite = sys.argv[3]
variants = []
for v in sys.argv[4:]:
    name, rest = v.split('=', 1)
    env, binp, extra = rest.split(';')
    variants.append((name, env, binp, extra))
res = {}
for r in range(rounds):
    for name, env, binp, extra in variants:
        e = dict(os.environ)
        for kv in env.split(','):
            if kv: k, val = kv.split(':'); e[k] = val
        out = f'/tmp/abj_{os.getpid()}.json'
        cmd = [binp, 'bench', '--suite', suite, '--heuristic', 'auto', '--threads', threads, '--min-time', '0.2', '--json', out] + (extra.split() if extra else [])
        subprocess.run(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        d = json.load(open(out))
        ceil = d['machine']['roofline']['dram_read_gbs']
        for rec in d['records']:
            res.setdefault((rec['name'], name), []).append((rec['gbs'], rec['gbs'] / ceil))
        res.setdefault(('ceiling', name), []).append((ceil, 1.0))
        print(f'round {r} {name}: ' + ' '.join(f"{rec['name']} {rec['gbs']:.1f}" for rec in d['records']) + f' ceil {ceil:.1f}', flush=True)
shapes = sorted({s for s, _ in res})
base = variants[0][0]
print('\nshape      variant          GB/s med   %ceil med   ratio-to-first (per-round median)')
for s in shapes:
    for name, *_ in variants:
        v = res[(s, name)]
        b = res[(s, base)]
        ratios = [x[0] / y[0] for x, y in zip(v, b)]
        print(f'{s:10s} {name:16s} {statistics.median(x[0] for x in v):7.1f}   {100*statistics.median(x[1] for x in v):6.1f}%   {statistics.median(ratios):.3f}  [{min(ratios):.3f}, {max(ratios):.3f}]')
