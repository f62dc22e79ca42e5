import json,math,sys,os
pre,modes=sys.argv[1],sys.argv[2].split(',')
rows={}
for b in modes:
  for r in (1,2,3):
    try: d=json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f'{pre}-{b}-r{r}.json')))
    except Exception: continue
    for x in d['records']:
      rows.setdefault(x['name'],{}).setdefault(b,[]).append((x['gflops'],x['peers']['onednn']['ratio'],x.get('of_read')))
gm={b:[] for b in modes}
for n,v in rows.items():
  print(f"{n:32s}", ' | '.join(f"{b}: "+' '.join(f"{g:6.1f} {r:.2f} {'-' if o is None else round(o,2)}" for g,r,o in v.get(b,[])) for b in modes))
  for b in modes: gm[b]+= [math.log(r) for _,r,_ in v.get(b,[])]
print({b: round(math.exp(sum(x)/len(x)),3) for b,x in gm.items() if x})
