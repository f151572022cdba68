#!/usr/bin/env bash
# Same-run inference speed on THIS machine: ONNX Runtime 1.22 Java (../shared/reference/ort), deberta4j `speed` on
# each GEMM kernel the CPU has (512-bit where it has AVX-512, then 256-bit forced) and PyTorch with transformers
# (pytorch-forward.py), the xsmall shape, ROUNDS rounds run one after the other in that order (interleaved, so a
# change in the machine's load hits all of them), then OpenBLAS's sgemm ceiling (../shared/reference/sgemm_ceiling.sh).
# Prints every round's tokens/s with the load average before it, and per shape the medians, our ratios to ORT and
# PyTorch, and each one's share of the ceiling: tokens/s x FLOP per token / OpenBLAS GFLOPS at 512x3072x768, 2 threads.
#   deberta4j-bench/scripts/same-run-forward.sh [ROUNDS=3] [SHAPES=1x16,1x128,8x128,32x128,1x512] [THREADS=2]
# VARIANTS="name=jar ..." times these jars (e.g. an earlier build) instead of this checkout's build, each per kernel.
# TORCH=0 leaves PyTorch out; PYTHON names the python with torch + transformers (python3); KEEP=DIR keeps the raw JSON there. Run under `flock /tmp/bench.lock` on a shared machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=${1:-3}; shapes=${2:-1x16,1x128,8x128,32x128,1x512}; threads=${3:-2}
ort_dir="$here/../shared/reference/ort"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
work=${TMPDIR:-/tmp}/deberta4j-ort-bench; mkdir -p "$work"
if [ ! -f "$work/target/ort-bench-0.1.jar" ]; then
  cp -r "$ort_dir/ort-bench/." "$work/"
  (cd "$work" && mvn -q -B -ntp package -DskipTests) >&2
fi
out=${KEEP:-$(mktemp -d)}; mkdir -p "$out"; [ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
kernels=256; grep -q -w avx512f /proc/cpuinfo && kernels="512 256"
variants=${VARIANTS:-deberta4j=}
grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
for r in $(seq 1 "$rounds"); do
  echo "round $r: ORT, load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dortbench.vocab=1000 \
    -cp "$work/target/ort-bench-0.1.jar:$work/target/lib/onnxruntime-1.22.0.jar" ortbench.OrtBench bench \
    "$ort_dir/deberta_v3_xsmall_cls_random.onnx" "$threads" 5 "$out/ort-$r.json" "${shapes//x/:}" > "$out/ort.log" 2>&1
  for v in $variants; do
    name=${v%%=*}; jar=${v#*=}
    for k in $kernels; do
      echo "round $r: $name $k-bit, load $(cut -d' ' -f1-3 /proc/loadavg)"
      # `bench`: the alias of `speed` that jars built before the rename also know (VARIANTS may name one)
      DEBERTA4J_CLASSPATH="$jar" DEBERTA4J_JAVA_OPTS="-Ddeberta4j.vectorBits=$k ${DEBERTA4J_JAVA_OPTS:-}" \
        "$here/bin/deberta4j" bench --shape xsmall --shapes "$shapes" --threads "$threads" --runs 5 --json \
        > "$out/$name-$k-$r.json" 2> "$out/ours.log"
    done
  done
  if [ "${TORCH:-1}" != 0 ]; then
    echo "round $r: PyTorch, load $(cut -d' ' -f1-3 /proc/loadavg)"
    timeout "${TORCH_TIMEOUT:-900}" "${PYTHON:-python3}" "$here/deberta4j-bench/scripts/pytorch-forward.py" --shape xsmall --shapes "$shapes" \
      --threads "$threads" --runs 3 --warmup 1 --json > "$out/torch-$r.json" 2> "$out/torch.log" || echo "PyTorch round $r did not finish"
  fi
done
echo "sgemm ceiling, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/../shared/reference/sgemm_ceiling.sh" | tee "$out/ceiling.txt"
/usr/bin/python3 - "$out" "$rounds" "$kernels" "$variants" "$shapes" <<'PY'
import glob, json, os, re, statistics, sys
out, rounds, kernels, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split()
def tokens(path):
    txt = open(path).read() if os.path.exists(path) else ""
    if "{" not in txt: return {}
    j = json.loads(txt[txt.find("{"):]); found = {}
    def walk(x):
        if isinstance(x, dict):
            if {"batch", "seq"} <= x.keys():
                k = next((k for k in x if "token" in k.lower() and "s" in k.lower()), None)
                if k: found[f"{x['batch']}x{x['seq']}"] = float(x[k])
            for v in x.values(): walk(v)
        elif isinstance(x, list):
            for v in x: walk(v)
    walk(j); return found
cols = {"ORT": [tokens(f"{out}/ort-{r}.json") for r in range(1, rounds + 1)]}
for v in variants:
    for k in kernels:
        cols[f"{v.split('=')[0]} {k}"] = [tokens(f"{out}/{v.split('=')[0]}-{k}-{r}.json") for r in range(1, rounds + 1)]
cols["PyTorch"] = [tokens(f"{out}/torch-{r}.json") for r in range(1, rounds + 1)]
ceiling = float(re.search(r"threads 2\s+512x3072x768:\s+([\d.]+)", open(f"{out}/ceiling.txt").read()).group(1))
shapes = [s for s in sys.argv[5].split(",")]
def mflop(seq):   # xsmall: 12 layers of linears + q.k, probs.v, c2p and p2c (2 x min(2L - 1, 512) relative rows)
    return 12 * (2 * (4 * 384**2 + 2 * 384 * 1536) + 2 * 384 * (2 * seq + 2 * min(2 * seq - 1, 512))) / 1e6
print(f"\nper round, tokens/s:")
for name, runs in cols.items():
    print(f"  {name}: " + "; ".join(", ".join(f"{s} {r.get(s, float('nan')):.0f}" for s in shapes) for r in runs))
print(f"\nmedians over {rounds} round(s); ceiling = OpenBLAS sgemm 512x3072x768, 2 threads, {ceiling:.1f} GFLOPS")
names = list(cols)
print("| shape | MFLOP/token | " + " | ".join(f"{n} tok/s (% ceiling)" for n in names)
      + " | " + " | ".join(f"{n} / ORT, / PyTorch" for n in names if n not in ("ORT", "PyTorch")) + " |")
print("|---" * (2 + len(names) + len(names) - 2) + "|")
for s in shapes:
    f = mflop(int(s.split("x")[1]))
    med = {n: statistics.median([r[s] for r in cols[n] if s in r]) if any(s in r for r in cols[n]) else float("nan")
           for n in names}
    cells = [f"{med[n]:,.0f} ({100 * med[n] * f / 1e3 / ceiling:.0f} %)" for n in names]
    ratios = [f"{med[n] / med['ORT']:.2f}x, {med[n] / med['PyTorch']:.1f}x" for n in names if n not in ("ORT", "PyTorch")]
    print(f"| {s} | {f:.1f} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
PY
