import json,sys,glob,statistics as st,math,re,os
d=sys.argv[1]; A=sys.argv[2]; B=sys.argv[3]
files=sorted(glob.glob(f'{d}/{A}-t*-r*.json'))
for t in sorted(set(re.search(r'-t(\d+)-',f).group(1) for f in files)):
    rounds=sorted(set(re.search(r'-r(\d+)\.json',f).group(1) for f in files if f'-t{t}-' in f))
    per={}
    gm={A:[],B:[]}
    for r in rounds:
        fa=f'{d}/{A}-t{t}-r{r}.json'; fb=f'{d}/{B}-t{t}-r{r}.json'
        if not os.path.exists(fb): continue
        a=json.load(open(fa)); b=json.load(open(fb))
        ra={x['name']:x for x in a['records']}; rb={x['name']:x for x in b['records']}
        for n in ra:
            per.setdefault(n,[]).append((rb[n]['gflops']/ra[n]['gflops'], ra[n]['peers']['onednn']['ratio'], rb[n]['peers']['onednn']['ratio'], ra[n]))
        for X,f in ((A,a),(B,b)):
            gm[X].append(f['geomeans']['class:prefill']['ratio']['onednn'] if 'class:prefill' in f['geomeans'] else f['geomeans']['all']['ratio']['onednn'])
            gm[X+'all']=gm.get(X+'all',[])+[f['geomeans']['all']['ratio']['onednn']]
    print(f'threads {t}: rounds {len(rounds)}')
    for n,v in per.items():
        x=v[0][3]
        print(f"  {n:42s} {x['m']:5d}x{x['n']:5d}x{x['k']:5d} {B}/{A} {' '.join('%.3f'%q[0] for q in v)}  vs onednn {A} {' '.join('%.2f'%q[1] for q in v)} {B} {' '.join('%.2f'%q[2] for q in v)}")
    allr=[q[0] for v in per.values() for q in v]
    print(f'  geomean {B}/{A} over shapes and rounds: {math.exp(sum(map(math.log,allr))/len(allr)):.3f}')
    print(f'  class geomean vs onednn {A}: {gm[A]}  {B}: {gm[B]}')
    print(f'  all-shapes geomean vs onednn {A}: {gm.get(A+"all")}  {B}: {gm.get(B+"all")}')
