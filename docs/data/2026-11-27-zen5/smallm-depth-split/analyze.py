import json,statistics as st,sys,glob,math
d=sys.argv[1] if len(sys.argv) > 1 else "."
def load(f):
    x=json.load(open(f)); recs=x if isinstance(x,list) else x.get('shapes', x.get('records'))
    return {r['name']:r for r in recs}
rounds=len(glob.glob(d+'/old-r*.json'))
o=[load(f'{d}/old-r{i}.json') for i in range(1,rounds+1)]; n=[load(f'{d}/new-r{i}.json') for i in range(1,rounds+1)]
rat=[]
for name in o[0]:
    pr=[n[i][name]['gflops']/o[i][name]['gflops'] for i in range(rounds)]
    r=st.median(pr); rat.append(r)
    print(f"{name:34s} old med {st.median(x[name]['gflops'] for x in o):7.1f} new med {st.median(x[name]['gflops'] for x in n):7.1f}  per-round new/old median {r:.3f} (range {min(pr):.2f}-{max(pr):.2f})")
print("geomean of per-shape medians", round(math.exp(sum(map(math.log,rat))/len(rat)),3))
