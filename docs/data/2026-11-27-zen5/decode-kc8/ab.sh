# usage: ab.sh OUT ROUNDS THREADS BIN...
out=$1; rounds=$2; t=$3; shift 3; mkdir -p $out
for r in $(seq 1 $rounds); do for b in "$@"; do
  /tmp/tv-$b bench --suite /tmp/dec/decode-m1.yaml --heuristic auto --threads $t --min-time 0.1 --json $out/$b-t$t-r$r.json > $out/$b-t$t-r$r.txt 2>&1
done; done
