#!/usr/bin/env bash
# Where one training step spends its time: runs `bin/deberta4j bench-train` (speed-train's old name, which a JAR
# from before the rename knows too) on one shape under the JDK Flight
# Recorder (execution samples every 10 ms) and prints the hottest methods (self time) and the call paths into them,
# over the samples in the training code (train, pretrain, finetune, tensor, attributed to their innermost train frame; the step runner's set-up left out). Shares are of
# this process's own CPU time, so they hold on a busy machine too. Recording starts DELAY seconds in (default 30):
# until C2 has compiled the vector kernels (tens of seconds under load) their C1 code is many times slower and its
# frames (jdk.incubator.vector.*Vector.*Template, rvOp, ...) crowd the profile; raise DELAY and RUNS until they go.
#   deberta4j-bench/scripts/profile-train.sh [STEP=rtd] [SHAPE=xsmall] [RUNS=3] [extra JVM options...]
#   e.g. deberta4j-bench/scripts/profile-train.sh classification xsmall 3 -Ddeberta4j.vectorBits=256
# JAR=path runs another build's jar (e.g. a copy of an older one) instead of this checkout's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
step=${1:-rtd}; shape=${2:-xsmall}; runs=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
source "$here/bin/java25.sh"; find_java25   # sets $java: JAVA_HOME, else the PATH's java
jfr_bin="$(dirname "$(readlink -f "$java")")/jfr"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Xlog:jfr+startup=error -XX:StartFlightRecording=settings=profile,delay="${DELAY:-30}"s,filename="$work/train.jfr" "$@" \
  -jar "${JAR:-$here/deberta4j-cli/target/deberta4j.jar}" bench-train --step "$step" --shapes "$shape" \
  --runs "$runs" --warmup 1 2>&1 | grep -v 'incubator modules'
"$jfr_bin" print --events jdk.ExecutionSample --stack-depth 64 "$work/train.jfr" \
  | /usr/bin/python3 "$here/deberta4j-bench/scripts/jfr-hotspots.py" train pretrain finetune tensor \
      --skip 'StepRunner.<init>' --skip WeightInitializer
