ONLY=smollm2_135m.decode.mlp_up,smollm2_135m.batch64.mlp_down,qwen2.5_1.5b.attn1024.pv,smollm2_135m.attn2048.pv,mistral_7b.decode.kv_proj,qwen2.5_1.5b.batch16.mlp_down,qwen2.5_0.5b.attn512.pv,qwen2.5_0.5b.batch8.mlp_up
for r in 1 2 3 4; do
  for v in old new; do
    if [ $v = old ]; then B=/tmp/tv-old/build/apps/tilevolve/tilevolve; else B=/work/main/build/apps/tilevolve/tilevolve; fi
    $B bench --only $ONLY --vs openblas --threads 2 --json /tmp/ab-$v-$r.json --min-time 0.1 > /dev/null 2>&1
    echo "$r $v $(uptime | sed 's/.*average: //')"
  done
done
