# usage: analyze.py THREADS [PREFIX] [DIR]: per shape, median [range] of the ratio to oneDNN per
# variant (the number after 'kc' in the file names), and the geomean. DIR: where the runs are
# (default: this script's directory).
import json, glob, os, re, sys, statistics as st, collections
T = sys.argv[1]
data = collections.defaultdict(lambda: collections.defaultdict(list))  # shape -> kc -> [ratio]
PRE = sys.argv[2] if len(sys.argv) > 2 else ''
DIR = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(__file__))
for f in glob.glob(os.path.join(DIR, PRE + 't' + T + '-kc*-r*.json')):
    kc = int(re.search(r'kc(\d+)', f).group(1))
    try: j = json.load(open(f))
    except Exception: continue
    recs = j['records'] if isinstance(j, dict) and 'records' in j else j
    for r in recs:
        peers = r.get('peers', {})
        on = peers.get('onednn') if isinstance(peers, dict) else None
        if on is None and isinstance(peers, list):
            on = next((p for p in peers if p.get('name') == 'onednn'), None)
        if on is None: continue
        data[r['name']][kc].append((on['ratio'], r.get('tiles', '')))
kcs = sorted({k for s in data.values() for k in s})
print('%-40s' % 'shape', ' '.join('%18s' % k for k in kcs))
geo = collections.defaultdict(list)
import math
for name in sorted(data):
    row = []
    for k in kcs:
        v = [x[0] for x in data[name][k]]
        if v:
            row.append('%.3f [%.2f-%.2f]' % (st.median(v), min(v), max(v))); geo[k].append(math.log(st.median(v)))
        else: row.append('-')
    print('%-40s' % name, ' '.join('%18s' % x for x in row))
print('%-40s' % 'geomean', ' '.join('%18.3f' % math.exp(sum(geo[k]) / len(geo[k])) for k in kcs))
