"""Summarizes ab/ (ab.sh) and switch/ (the same kernel change behind a scratch
environment switch, TV_KPF=0 before, 3 = 16 steps ahead, 5 = 8 steps ahead)."""
import collections, glob, json, math, os

os.chdir(os.path.dirname(os.path.abspath(__file__)))

def ratio(rec):
    return rec['peers']['onednn']['ratio']

def geomean(xs):
    return math.exp(sum(map(math.log, xs)) / len(xs))

print('ab/: ratio to oneDNN in the same run, rounds 1/2/3')
for what in ('qwen-t1', 'qwen-t2', 'big'):
    for b in ('old', 'new'):
        per = collections.defaultdict(list)
        for f in sorted(glob.glob(f'ab/{what}-r*-{b}.json')):
            for rec in json.load(open(f))['records']:
                per[rec['name']].append(f"{ratio(rec):.3f} ({rec['gflops']:.1f} GF)")
        for name, xs in per.items():
            print(f'  {what:8s} {b:4s} {name:8s} ' + '  '.join(xs))
for f in sorted(glob.glob('ab/gen-r*.json')):
    d = json.load(open(f))
    rows = {r['engine']: r for r in d['records']} if 'records' in d else {}
    print(f'  {f}: ' + ', '.join(f"{e}: prefill {r.get('prefill_tokens_per_s', 0):.1f}" for e, r in rows.items()))

print('\nswitch/: geomean ratio to oneDNN over the 17 prefill shapes, per run')
for t in (1, 2):
    for m in ('0', '3', '5'):
        runs = []
        for f in sorted(glob.glob(f'switch/p{t}-r*-m{m}.json')):
            runs.append(geomean([ratio(r) for r in json.load(open(f))['records']]))
        if runs:
            print(f'  {t} thread(s) TV_KPF={m}: ' + ' / '.join(f'{x:.3f}' for x in runs))
