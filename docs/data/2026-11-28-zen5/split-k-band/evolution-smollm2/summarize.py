# usage: summarize.py: per run file (MODEL-rN.json), each tilevolve engine's prefill tokens/s over
# oneDNN's and OpenBLAS's, and its decode as a fraction of the read timed beside.
import glob, json, os
here = os.path.dirname(os.path.abspath(__file__))
for f in sorted(glob.glob(os.path.join(here, '*-r*.json'))):
    recs = {r['engine']: r for r in json.load(open(f))['records']}
    on, ob = recs['onednn']['prefill_tokens_per_s'], recs['openblas']['prefill_tokens_per_s']
    for name, r in recs.items():
        if not name.startswith('tilevolve'):
            continue
        p = r['prefill_tokens_per_s']
        print('%-14s %-20s prefill %7.1f t/s  %.3fx oneDNN  %.2fx OpenBLAS  decode %.0f%% of read (oneDNN %.0f%%)' % (
            os.path.basename(f)[:-5], name, p, p / on, p / ob, 100 * r['decode_read_fraction'],
            100 * recs['onednn']['decode_read_fraction']))
