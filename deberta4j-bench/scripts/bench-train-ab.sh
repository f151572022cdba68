#!/usr/bin/env bash
# Before/after training-step speed in one run: alternates `bench-train` (the old name of `speed-train`, the one
# jars from before the rename know too) between two builds' jars (e.g. a copy of
# main's deberta4j.jar and this checkout's), ROUNDS times, each process under flock /tmp/bench.lock, and prints
# every result row with the load average at its start. The jars share the machine's state (load, frequency), so
# only their ratio within a round means much on a busy machine.
#   deberta4j-bench/scripts/bench-train-ab.sh OLD.jar NEW.jar [ROUNDS=1] [bench-train options...]
#   e.g. deberta4j-bench/scripts/bench-train-ab.sh /tmp/old.jar deberta4j-cli/target/deberta4j.jar 2 --step rtd --shapes xsmall
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
old=${1:?old jar}; new=${2:?new jar}; rounds=${3:-1}; shift $(( $# < 3 ? $# : 3 ))
source "$here/bin/java25.sh"; find_java25   # sets $java: JAVA_HOME, else the PATH's java
grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
echo "bench-train $*"
for round in $(seq "$rounds"); do
  for side in old new; do
    jar=$old; [ "$side" = new ] && jar=$new
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    flock /tmp/bench.lock "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true -jar "$jar" bench-train "$@" 2>/dev/null \
      | grep '^| [^ |]* | [0-9,]* |' | sed "s/^/round $round $side (load $load) /"
  done
done
