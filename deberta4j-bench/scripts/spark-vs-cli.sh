#!/usr/bin/env bash
# Rows/s of deberta4j-spark on local[2] (the example ClassifyJob: text file in, Parquet out) against the single-JVM
# CLI (`bin/deberta4j classify --input`, output to a file) on the same NSMC test reviews with the same model.
# Build first: mvn -B -ntp -o -q -DskipTests package -pl deberta4j-cli,deberta4j-spark -am
#   deberta4j-bench/scripts/spark-vs-cli.sh [ROWS=50000] [MODEL=models/ko-deberta-v3-h256l6-nsmc]
# Environment: ROUNDS (default 3) interleaved rounds, SMALL (default 5000) rows of the short runs, BATCH (default 128)
# rows per forward pass, AOT=0 to run both without a JDK AOT start-up cache. Run it under flock /tmp/bench.lock on a
# shared machine; every run's load average (1 min, before and after) is printed beside it.
#
# What is compared, so that only Spark differs:
# - the same rows (NSMC's test reviews, the 3 empty ones left out: Spark gives them null, the CLI an error), the
#   same model, 2 cores in total: the CLI is one JVM with 2 kernel threads on one stream of batches; Spark is
#   local[2], 2 tasks of 1 kernel thread each, on the two halves of the rows;
# - the same batching: length-sorted windows of 1,024 texts, micro-batches of BATCH texts, no token budget (the CLI
#   sorts chunks of 8 x --batch-size texts; ClassifyJob's windows are 1,024 rows, run with --batch-tokens 0);
# - the same start-up help: each JVM runs with a JDK AOT cache (loaded classes and method profiles) recorded from
#   a short run of its own command (the CLI's by `mvn package`, Spark's by this script on 2,000 rows), or neither;
# - end to end: each whole process, JVM start, Spark session, model load and output writing included;
# - steady state: the rows/s of the rows between a short run and the full run, (ROWS - SMALL) / (t_full - t_small),
#   which takes out what both runs pay once (JVM and Spark start, model load, JIT warm-up).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
rows=${1:-50000}; model="$(readlink -f "${2:-models/ko-deberta-v3-h256l6-nsmc}")"
rounds=${ROUNDS:-3}; small=${SMALL:-5000}; batch=${BATCH:-128}; aot=${AOT:-1}
source bin/java25.sh; find_java25
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
jar=$(ls deberta4j-spark/target/deberta4j-spark-*-all.jar)
# Spark's own jars (the provided scope) as a cluster would have them; `compile` lets the reactor resolve
# deberta4j-core without an installed copy, and the module's own classes come from the shaded jar alone
mvn -B -ntp -q -o compile org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -pl deberta4j-spark \
    -am -Dmdep.includeScope=provided -Dmdep.outputFile="$work/spark.cp" >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log"; exit 1; }
spark_cp=$(tr ':' '\n' < "$work/spark.cp" | grep -v '/deberta4j-' | paste -sd:)
opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' deberta4j-spark/pom.xml)
# awk reads to the end (head would stop zcat with SIGPIPE, which pipefail reports for ROWS under 50,000)
zcat ../shared/data/nsmc/ratings_test.txt.gz | tail -n +2 | cut -f2 | awk -v n="$rows" '$0 != "" && c++ < n' > "$work/full.txt"
head -n "$small" "$work/full.txt" > "$work/small.txt"
head -n 2000 "$work/full.txt" > "$work/train.txt"
n=$(wc -l < "$work/full.txt"); ns=$(wc -l < "$work/small.txt")

spark_aot=()
if [ "$aot" != 0 ]; then
  # the CLI's cache is recorded by `mvn package`; record it here if it is missing so no run records it meanwhile
  ls deberta4j-cli/target/aot/deberta4j-*.aot >/dev/null 2>&1 || DEBERTA4J_AOT=record bin/deberta4j >/dev/null
  cache="deberta4j-spark/target/aot/classify-job-$(stat -L -c '%s-%Y' "$jar" "$java" | tr '\n' -)$java_version.aot"
  if [ ! -f "$cache" ]; then
    mkdir -p "$(dirname "$cache")" && rm -f deberta4j-spark/target/aot/classify-job-*.aot
    "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
        $opens -XX:AOTCacheOutput="$cache" -Xlog:aot=off -Xlog:cds=off -Dspark.master='local[2]' \
        -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dlog4j2.level=warn -cp "$jar:$spark_cp" \
        dev.deberta4j.spark.example.ClassifyJob --batch-size "$batch" --batch-tokens 0 "$work/train.txt" \
        "$work/train.parquet" "$model" >"$work/aot.log" 2>&1 || { cat "$work/aot.log"; exit 1; }
  fi
  spark_aot=(-XX:AOTCache="$cache" -Xlog:aot=off -Xlog:cds=off)
fi
export DEBERTA4J_AOT=$([ "$aot" != 0 ] && echo 1 || echo 0)

load() { cut -d' ' -f1 /proc/loadavg; }
# timed RESULT-VAR COMMAND...: runs the command, stores "wall cpu load-before load-after" (cpu = user + sys)
timed() {
  local var=$1; shift
  local before; before=$(load)
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@"
  read -r wall user sys < "$work/time"
  printf -v "$var" '%s %s %s %s' "$wall" "$(echo "$user + $sys" | bc)" "$before" "$(load)"
}
cli() {  # cli VAR INPUT
  timed "$1" bin/deberta4j classify --model "$model" --batch-size "$batch" --input "$2" > "$work/cli.tsv" 2>"$work/cli.err"
  [ "$(wc -l < "$work/cli.tsv")" = "$(wc -l < "$2")" ] || { echo "CLI: wrong row count" >&2; cat "$work/cli.err" >&2; exit 1; }
}
spark() {  # spark VAR INPUT
  rm -rf "$work/scored.parquet"
  timed "$1" "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
      --sun-misc-unsafe-memory-access=allow $opens "${spark_aot[@]}" -Dspark.master='local[2]' \
      -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dlog4j2.level=warn -cp "$jar:$spark_cp" \
      dev.deberta4j.spark.example.ClassifyJob --batch-size "$batch" --batch-tokens 0 "$2" "$work/scored.parquet" \
      "$model" > "$work/spark.out" 2>"$work/spark.err"
  grep -q "^classified $(wc -l < "$2") rows" "$work/spark.out" || { echo "Spark: wrong row count" >&2; cat "$work/spark.err" >&2; exit 1; }
}

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores; rows: $n (short runs: $ns); model: $model"
echo "batches: $batch texts, length-sorted windows of 1,024; AOT start-up caches: $([ "$aot" != 0 ] && echo both || echo neither)"
printf '%-5s %-6s %7s %7s %8s %8s %11s\n' round tool rows wall_s cpu_s rows/s load
results=()
for r in $(seq 1 "$rounds"); do
  # alternate which tool goes first, so a load that rises or falls through a round favours neither
  if [ $((r % 2)) = 1 ]; then order="cli spark"; else order="spark cli"; fi
  for tool in $order; do
    for size in full small; do
      "$tool" t "$work/$size.txt"
      read -r wall cpu lb la <<< "$t"
      m=$([ $size = full ] && echo "$n" || echo "$ns")
      printf '%-5s %-6s %7s %7.1f %8.1f %8.0f %5s->%-5s\n' "$r" "$tool" "$m" "$wall" "$cpu" "$(echo "$m / $wall" | bc -l)" "$lb" "$la"
      results+=("$r $tool $size $wall $cpu")
    done
  done
done

# per round: Spark's time over the CLI's end to end (full runs) and in the steady state (full minus short run), in
# wall-clock time and in CPU time (user + sys, all threads); CPU time moves far less with other processes' load
printf '%s\n' "${results[@]}" | awk -v n="$n" -v ns="$ns" '
  { w[$1, $2, $3] = $4; c[$1, $2, $3] = $5; if ($1 > R) R = $1 }
  function median(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  END {
    print ""
    print "        end to end                               steady state (full - short run)"
    print "round   rows/s CLI / Spark   Spark/CLI wall  cpu  rows/s CLI / Spark   Spark/CLI wall  cpu"
    for (r = 1; r <= R; r++) {
      e[r] = w[r, "spark", "full"] / w[r, "cli", "full"]; ec[r] = c[r, "spark", "full"] / c[r, "cli", "full"]
      dc = w[r, "cli", "full"] - w[r, "cli", "small"]; ds = w[r, "spark", "full"] - w[r, "spark", "small"]
      s[r] = ds / dc; sc[r] = (c[r, "spark", "full"] - c[r, "spark", "small"]) / (c[r, "cli", "full"] - c[r, "cli", "small"])
      printf "%-7d %8.0f / %-8.0f %13.2f %5.2f %8.0f / %-8.0f %13.2f %5.2f\n", r, n / w[r, "cli", "full"], n / w[r, "spark", "full"], e[r], ec[r], (n - ns) / dc, (n - ns) / ds, s[r], sc[r]
    }
    printf "median of %d rounds, Spark time / CLI time (goal: at most 1.15): end to end %.2f (cpu %.2f), steady state %.2f (cpu %.2f)\n", R, median(e, R), median(ec, R), median(s, R), median(sc, R)
  }'
