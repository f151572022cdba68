#!/usr/bin/env bash
# deberta4j's GEMM against OpenBLAS's sgemm (through numpy) on THIS machine, same run, per forward-pass product,
# 1 and 2 threads, for each kernel the CPU has: the 512-bit kernel against OpenBLAS's native (AVX-512) kernels,
# the 256-bit kernel (-Ddeberta4j.vectorBits=256) against OpenBLAS forced to its AVX2 kernels
# (OPENBLAS_CORETYPE=Haswell). Runs alternate ours / OpenBLAS per thread count and every figure is the best of
# ROUNDS rounds (each the fastest of 5 windows), so other jobs on a shared machine bias neither side.
# Usage (after mvn -q -DskipTests package): deberta4j-bench/scripts/gemm-vs-openblas.sh [SECONDS] [ROUNDS] [CLOCK]
# CLOCK=wall (default) times by the wall clock, 1 and 2 threads; CLOCK=cpu times 1 thread by its CPU time (both
# sides), which leaves out the time other processes held the core: the figure to trust on a busy machine.
# DEBERTA4J_GEMM_ROWS=4|6|8 runs our kernel with that many rows per register tile (-Ddeberta4j.gemmRows).
# Needs a numpy linked to OpenBLAS: PYTHON names its python, else the first of /usr/bin/python3 and the PATH's
# python3 whose numpy reports OpenBLAS (Debian: apt-get install python3-numpy libopenblas0-pthread; with the
# reference BLAS numpy runs 3-6 GFLOPS and the ratios mean nothing, so the script refuses it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds=${1:-1}; rounds=${2:-2}; clock=${3:-wall}
jar="$here/deberta4j-bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "gemm-vs-openblas: $jar not found; build first: mvn -q -DskipTests package" >&2; exit 1; }
source "$here/bin/java25.sh"; find_java25   # sets $java: JAVA_HOME, else the PATH's java
# numpy order: C[M][N] = A[M][K]·B[K][N]; linear = x·Wᵀ (Q/K/V/O: 768x768, FFN: 768x3072 and 3072x768),
# nt = q·kᵀ and c2p/p2c scores, nn = probs·v (attention products are single-threaded per head in the model).
linear="linear:16x768x768,linear:16x3072x768,linear:16x768x3072,linear:128x768x768,linear:128x3072x768,linear:128x768x3072,linear:512x3072x768,linear:4096x768x3072,linear:1024x1024x1024"
attention="nt:16x16x64,nt:128x128x64,nt:128x255x64,nn:128x64x128,nt:512x512x64,nn:512x64x512"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
openblas_numpy() {  # whether $1's numpy runs its products on OpenBLAS (a library of that name is mapped)
  "$1" -c 'import numpy, sys; numpy.ones((4, 4), numpy.float32) @ numpy.ones((4, 4), numpy.float32)
sys.exit("openblas" not in open("/proc/self/maps").read().lower())' 2>/dev/null
}
py=${PYTHON:-}
if [ -z "$py" ]; then
  for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
    [ -n "$candidate" ] && openblas_numpy "$candidate" && { py=$candidate; break; }
  done
fi
[ -n "$py" ] && openblas_numpy "$py" || { echo "gemm-vs-openblas: no numpy linked to OpenBLAS (set PYTHON)" >&2; exit 1; }

numpy() {  # $1 coretype ("" = native), $2 threads, $3 specs
  env -u OPENBLAS_L2_SIZE ${1:+OPENBLAS_CORETYPE=$1} OPENBLAS_NUM_THREADS=$2 "$py" - "$seconds" "$2" "$3" "$clock" <<'PY'
import sys, time, numpy as np
seconds, threads, specs = float(sys.argv[1]), sys.argv[2], sys.argv[3].split(",")
clock = time.thread_time if sys.argv[4] == "cpu" else time.perf_counter
rng = np.random.default_rng(42)
for spec in specs:
    kind, shape = spec.split(":"); m, n, k = map(int, shape.split("x"))
    a = rng.random((m, k), dtype=np.float32)
    b = rng.random((n, k), dtype=np.float32) if kind in ("linear", "nt") else rng.random((k, n), dtype=np.float32)
    op = (lambda: a @ b.T) if kind in ("linear", "nt") else (lambda: a @ b)
    end = clock() + max(0.5, seconds / 2)
    while clock() < end: op()
    best = 0.0
    for _ in range(5):
        count, t0 = 0, clock()
        while True:
            op(); count += 1; dt = clock() - t0
            if dt >= seconds / 5: break
        best = max(best, 2 * m * n * k * count / dt / 1e9)
    print(f"{kind} {shape} {threads} {best:.1f}")
PY
}
ours() {  # $1 vector bits, $2 threads, $3 specs
  "$java" --add-modules jdk.incubator.vector -Ddeberta4j.vectorBits=$1 ${DEBERTA4J_GEMM_ROWS:+-Ddeberta4j.gemmRows=$DEBERTA4J_GEMM_ROWS} \
    -cp "$jar" dev.deberta4j.bench.GemmShapes "$seconds" "$2" "$clock" "$3" 2> >(grep -v '^WARNING: Using incubator modules' >&2)
}

kernels="256"; grep -qw avx512f /proc/cpuinfo && kernels="512 256"
grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
echo "vector extensions: $(grep -o -w -E 'avx512f|avx2|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"
threads="1 2"; [ "$clock" = cpu ] && threads=1
echo "numpy: $py"
echo "clock: $clock; our rows per tile: ${DEBERTA4J_GEMM_ROWS:-default}"
for round in $(seq "$rounds"); do
  for t in $threads; do
    specs=$linear; [ "$t" = 1 ] && specs="$linear,$attention"
    for bits in $kernels; do
      core=""; [ "$bits" = 256 ] && core=Haswell
      numpy "$core" "$t" "$specs" | sed "s/^/openblas$bits /" >> "$work/all"
      ours "$bits" "$t" "$specs" | sed "s/^/ours$bits /" >> "$work/all"
    done
  done
  echo "round $round of $rounds done" >&2
done
/usr/bin/python3 - "$work/all" "$kernels" <<'PY'
import sys
best = {}
for line in open(sys.argv[1]):
    who, kind, shape, threads, g = line.split()
    key = (who, kind, shape, threads)
    best[key] = max(best.get(key, 0.0), float(g))
rows = sorted({(k[1], k[2], k[3]) for k in best}, key=lambda r: (r[2], r[0] != "linear", r[0], [int(x) for x in r[1].split("x")]))
bits = sys.argv[2].split()
head = "| product (M x N x K) | threads |" + "".join(
    f" OpenBLAS {'AVX-512' if b == '512' else 'AVX2 (Haswell)'} | ours {b}-bit | ratio |" for b in bits)
print(head); print("|---|---|" + "---|---|---|" * len(bits))
for kind, shape, t in rows:
    cells = ""
    for b in bits:
        o, r = best.get((f"openblas{b}", kind, shape, t)), best.get((f"ours{b}", kind, shape, t))
        cells += f" {o:.1f} | {r:.1f} | {r / o:.2f} |" if o and r else " - | - | - |"
    print(f"| {kind} {shape} | {t} |{cells}")
PY
