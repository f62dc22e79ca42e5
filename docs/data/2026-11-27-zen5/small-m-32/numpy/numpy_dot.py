import numpy as np, time, sys
rng=np.random.default_rng(1)
res=[]
form=sys.argv[2]
for (m,n,k) in [(32,4096,4096),(24,4096,4096),(32,1536,8960),(32,4864,896),(32,576,1536),(32,192,576),(64,4096,4096),(64,576,1536),(48,896,896),(256,4096,4096),(256,1536,576)]:
    a=rng.standard_normal((m,k),dtype=np.float32)
    if form=='dot':
        bs=[rng.standard_normal((n,k),dtype=np.float32).T for _ in range(3)]
    else:
        bs=[rng.standard_normal((k,n),dtype=np.float32) for _ in range(3)]
    for b in bs: a@b
    best=[]
    for r in range(5):
        t=time.perf_counter()
        for i in range(12): a@bs[i%3]
        best.append((time.perf_counter()-t)/12)
    best.sort()
    res.append("%dx%dx%d %.0f" % (m,n,k, 2*m*n*k/best[2]/1e9))
print(sys.argv[1], form, " | ".join(res), flush=True)
