import json,glob,re,statistics as st
rows={}
for f in sorted(glob.glob(__import__('os').path.dirname(__file__) + '/*.json')):
    b,m,r=re.match(r'.*/(base|final)-(.*)-r(\d)\.json',f).groups()
    d=json.load(open(f))
    recs=d['records'] if isinstance(d,dict) and 'records' in d else d
    e={x['engine']:x for x in recs}
    ours=[k for k in e if k.startswith('tilevolve')][0]
    pf=e[ours]['prefill_tokens_per_s']; po=e['onednn']['prefill_tokens_per_s']
    df=e[ours]['decode_tokens_per_s']; do=e['onednn']['decode_tokens_per_s']
    rows.setdefault((m,b),[]).append((pf,po,pf/po,df,do,df/do))
for (m,b),v in sorted(rows.items()):
    print(f"{m:14s} {b:6s} prefill t/s {' '.join('%.0f'%x[0] for x in v)} oneDNN {' '.join('%.0f'%x[1] for x in v)} ratio {' '.join('%.3f'%x[2] for x in v)} median {st.median([x[2] for x in v]):.3f} | decode ratio {' '.join('%.2f'%x[5] for x in v)}")
