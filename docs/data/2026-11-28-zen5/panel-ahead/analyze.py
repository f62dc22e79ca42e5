# usage: analyze.py THREADS [VAR] [DIR]: per shape, the median [range] over rounds of the ratio to
# oneDNN and of the fraction of the FMA loops beside, per variant (the number after VAR in the
# file names tT-VARn-rR.json; VAR defaults to 'ahead'), and their geomeans.
import collections, glob, json, math, os, re, statistics as st, sys
T = sys.argv[1]
VAR = sys.argv[2] if len(sys.argv) > 2 else 'ahead'
DIR = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(__file__))
ratio = collections.defaultdict(lambda: collections.defaultdict(list))
peak = collections.defaultdict(lambda: collections.defaultdict(list))
for f in glob.glob(os.path.join(DIR, 't%s-%s*-r*.json' % (T, VAR))):
    v = int(re.search(VAR + r'(\d+)-r', f).group(1))
    for r in json.load(open(f))['records']:
        ratio[r['name']][v].append(r['peers']['onednn']['ratio'])
        peak[r['name']][v].append(r['of_peak'])
vs = sorted({v for s in ratio.values() for v in s})
print('%-44s' % ('%s threads: vs oneDNN' % T), ' '.join('%-22s' % ('%s%d' % (VAR, v)) for v in vs), ' on/off')
logs = collections.defaultdict(list)
for name in ratio:
    row = []
    for v in vs:
        x = ratio[name][v]
        row.append('%.3f [%.2f-%.2f]' % (st.median(x), min(x), max(x)))
        logs[v].append(math.log(st.median(x)))
    change = st.median(ratio[name][vs[-1]]) / st.median(ratio[name][vs[0]])
    print('%-44s' % name, ' '.join('%-22s' % c for c in row), ' %.3f' % change)
print('%-44s' % 'geomean', ' '.join('%-22.3f' % math.exp(st.mean(logs[v])) for v in vs))
for v in vs:
    rounds = collections.defaultdict(list)
    for f in glob.glob(os.path.join(DIR, 't%s-%s%d-r*.json' % (T, VAR, v))):
        rec = json.load(open(f))['records']
        rounds[f] = math.exp(st.mean(math.log(r['peers']['onednn']['ratio']) for r in rec))
    print('%s%d per round:' % (VAR, v), ' '.join('%.3f' % rounds[f] for f in sorted(rounds)))
