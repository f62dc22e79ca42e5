# Decode shapes (m = 1) of the bench JSON here: our GB/s over the read timed beside them (of_read)
# and over the ceiling measured at the run's start, per run; then the range over runs.
import glob, json, os
here = os.path.dirname(os.path.abspath(__file__))
for threads in (1, 2):
    paired, start = [], []
    for path in sorted(glob.glob(f'{here}/t{threads}-r*.json')):
        j = json.load(open(path))
        ceiling = j['machine']['roofline']['dram_read_gbs']
        rows = [r for r in j['records'] if r['m'] == 1]
        paired += [r['of_read'] for r in rows]
        start += [r['gbs'] / ceiling for r in rows]
        print(f'{os.path.basename(path)}: start-of-run ceiling {ceiling:.1f} GB/s')
        for r in rows:
            print(f"  {r['name']:30s} ours {r['gbs']:5.1f} GB/s  read beside {r['read_gbs']:5.1f} GB/s  "
                  f"of read {r['of_read']:.2f}  of start {r['gbs'] / ceiling:.2f}  vs onednn {r['peers']['onednn']['ratio']:.2f}")
    print(f'threads {threads}: of read {min(paired):.2f}-{max(paired):.2f} (>= 0.90: {sum(p >= 0.9 for p in paired)} of {len(paired)}), '
          f'of start {min(start):.2f}-{max(start):.2f}\n')
