import json,sys,glob,math,os
A,B=sys.argv[1],sys.argv[2]  # tags like kc384 kc1024
for t in (1,2):
  rows={}
  for r in (1,2,3):
    for tag in (A,B):
      f=os.path.join(os.path.dirname(os.path.abspath(__file__)), f'r{r}-t{t}-{tag}.json')
      try: d=json.load(open(f))
      except Exception: continue
      recs=d['records'] if isinstance(d,dict) else d
      for x in recs:
        rows.setdefault(x['name'],{}).setdefault(tag,[]).append((x['gflops'],x['peers']['onednn']['ratio'],x['tiles'] if isinstance(x['tiles'],str) else x['tiles'].get('kc')))
  print(f'threads {t}')
  ga=[];gb=[]
  for n,v in rows.items():
    a=v.get(A,[]);b=v.get(B,[])
    print(f"  {n:36s} {A}: "+' '.join(f'{g:6.1f} {r:.2f}' for g,r,_ in a)+f" | {B}: "+' '.join(f'{g:6.1f} {r:.2f}' for g,r,_ in b))
    if a and b:
      ga+= [math.log(r) for _,r,_ in a]; gb+=[math.log(r) for _,r,_ in b]
  if ga: print(f'  geomean ratio to onednn: {A} {math.exp(sum(ga)/len(ga)):.3f}  {B} {math.exp(sum(gb)/len(gb)):.3f}')
