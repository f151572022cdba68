#!/usr/bin/env bash
# Where one speed shape's forward pass spends its time: runs `bin/deberta4j speed` on one shape under the JDK
# Flight Recorder (execution samples every 10 ms), keeps the engine's samples (caller and pool threads, not model
# initialisation) and prints the hottest methods (self time) and the call paths into them. Shares are of this
# process's own CPU time, so they hold on a busy machine too. The JIT warms up on the profiled shape itself (RUNS
# untimed runs before the RUNS timed ones); frames of jdk.incubator.vector.*Vector fallback code (tOpTemplate,
# ldOp, ...) mean samples taken before C2 compiled a kernel: raise RUNS until they are gone.
#   deberta4j-bench/scripts/profile-forward.sh [SHAPE=base] [BxL=1x16] [RUNS=40] [extra JVM options...]
#   e.g. deberta4j-bench/scripts/profile-forward.sh xsmall 32x128 10 -Ddeberta4j.vectorBits=256
# NICE=19 runs it at the lowest CPU priority (shares stay right; the tokens/s it prints do not).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shape=${1:-base}; bl=${2:-1x16}; runs=${3:-40}; shift $(( $# < 3 ? $# : 3 ))
source "$here/bin/java25.sh"; find_java25   # sets $java: JAVA_HOME, else the PATH's java
jfr_bin="$(dirname "$(readlink -f "$java")")/jfr"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
DEBERTA4J_JAVA_OPTS="$* -Xlog:jfr+startup=error -XX:StartFlightRecording=settings=profile,filename=$work/forward.jfr" \
  nice -n "${NICE:-0}" "$here/bin/deberta4j" speed --shape "$shape" --shapes "$bl" --runs "$runs" --warmup "$runs" --warmup-seconds 0 --gemm-seconds 0 \

"$jfr_bin" print --events jdk.ExecutionSample --stack-depth 64 "$work/forward.jfr" | /usr/bin/python3 -c '
import collections, re, sys
methods, paths, total, frames = collections.Counter(), collections.Counter(), 0, []
def done(frames):
    global total
    if not any(f.startswith(("model.", "tensor.")) for f in frames) or any(
            k in f for f in frames for k in ("randomlyInitialised", "DebertaModel.load", "KernelWarmUp", "Linear.<init>")):
        return  # not the engine, or model initialisation
    total += 1; methods[frames[0]] += 1; paths[" <- ".join(frames[:3])] += 1
for line in sys.stdin:
    line = line.strip()
    if line.startswith("jdk.ExecutionSample"):
        done(frames); frames = []
    m = re.match(r"^([\w$.]+)\(.*\)\s+line:", line)
    if m:
        frames.append(re.sub(r"^dev\.deberta4j\.", "", m.group(1)))
done(frames)
print(f"\n{total} samples in the engine; hottest methods (self):")
for p, n in methods.most_common(20):
    print(f"{100 * n / total:5.1f}%  {p}")
print("\nhottest call paths (method <- caller <- caller):")
for p, n in paths.most_common(20):
    print(f"{100 * n / total:5.1f}%  {p}")
'
