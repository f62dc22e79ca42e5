# Prefill and decode of tilevolve against the peer engines, per run, from generate's JSON.
import glob, json, os, statistics
here = os.path.dirname(os.path.abspath(__file__))
for path in sorted(glob.glob(f'{here}/*.json') + glob.glob(f'{here}/order/*.json')):
    j = json.load(open(path))
    e = {r['engine']: r for r in j['records']}
    ours = e['tilevolve baseline']
    cells = []
    for peer in ('onednn', 'openblas'):
        if peer in e:
            cells.append('prefill/%s %.3f decode/%s %.2f' % (
                peer, ours['prefill_tokens_per_s'] / e[peer]['prefill_tokens_per_s'],
                peer, ours['decode_tokens_per_s'] / e[peer]['decode_tokens_per_s']))
    print('%-34s %-13s prefill %6.1f t/s decode %5.2f t/s (%2.0f%% of DRAM)  %s' % (
        os.path.relpath(path, here), j['model'] if isinstance(j['model'], str) else j['model'].get('name', '?'),
        ours['prefill_tokens_per_s'], ours['decode_tokens_per_s'], 100 * ours['decode_dram_fraction'], '  '.join(cells)))
