import json,sys,glob,re,math
d=sys.argv[1]; A=sys.argv[2]; B=sys.argv[3]
for t in sorted(set(re.search(r'-t(\d+)-',f).group(1) for f in glob.glob(f'{d}/{A}-t*-r*.json'))):
    rounds=sorted(set(re.search(r'-r(\d+)\.json',f).group(1) for f in glob.glob(f'{d}/{A}-t{t}-r*.json')))
    per={}
    for r in rounds:
        try: a=json.load(open(f'{d}/{A}-t{t}-r{r}.json')); b=json.load(open(f'{d}/{B}-t{t}-r{r}.json'))
        except FileNotFoundError: continue
        rb={x['name']:x for x in b['records']}
        for x in a['records']:
            y=rb[x['name']]
            per.setdefault(x['name'],[]).append((x, y))
    print(f'threads {t}: rounds {len(next(iter(per.values())))}')
    ratios=[]
    for n,v in per.items():
        x=v[0][0]; y=v[0][1]
        ratios+= [q[1]['gflops']/q[0]['gflops'] for q in v]
        print(f"  {n:30s} {x['n']:6d}x{x['k']:6d} kc {x['tiles']['kc']:>3}->{y['tiles']['kc']:>3}  of read {A} {' '.join('%.2f'%q[0]['of_read'] for q in v)} | {B} {' '.join('%.2f'%q[1]['of_read'] for q in v)} | GB/s {B}/{A} {' '.join('%.2f'%(q[1]['gflops']/q[0]['gflops']) for q in v)}")
