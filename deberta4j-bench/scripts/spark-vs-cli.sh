#!/usr/bin/env bash
# Rows/s of deberta4j-spark on local[2] (the example ClassifyJob: text file in, Parquet out) against the single-JVM
# CLI (`bin/deberta4j classify --input`, output to a file) on the same NSMC test reviews with the same model, in one
# run. Build first: mvn -B -ntp -q -DskipTests package -pl deberta4j-cli,deberta4j-spark -am
#   deberta4j-bench/scripts/spark-vs-cli.sh [ROWS=50000] [MODEL=models/nsmc-sentiment-small]
# Run it under flock /tmp/bench.lock on a shared machine; it prints the load average before and after.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
rows=${1:-50000}; model="$(readlink -f "${2:-models/nsmc-sentiment-small}")"
source bin/java25.sh; find_java25
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
jar=$(ls deberta4j-spark/target/deberta4j-spark-*-all.jar)
# Spark's own jars (the provided scope) as a cluster would have them, and the JVM options the tests use
mvn -B -ntp -q -o dependency:build-classpath -pl deberta4j-spark -Dmdep.includeScope=provided \
    -Dmdep.outputFile="$work/spark.cp" >/dev/null
opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' deberta4j-spark/pom.xml)
# NSMC's test split, review column, empty reviews left out (Spark would give them null, the CLI an error)
zcat ../shared/data/nsmc/ratings_test.txt.gz | tail -n +2 | cut -f2 | grep -v '^$' | head -n "$rows" > "$work/reviews.txt"
n=$(wc -l < "$work/reviews.txt")
grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
echo "rows: $n, model: $model; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

t0=$(date +%s.%N)
bin/deberta4j classify --model "$model" --input "$work/reviews.txt" > "$work/cli.tsv"
t1=$(date +%s.%N)
echo "cli: $(wc -l < "$work/cli.tsv") rows in $(echo "$t1 - $t0" | bc) s (process) = $(echo "$n / ($t1 - $t0)" | bc) rows/s"

t0=$(date +%s.%N)
"$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    $opens -Dspark.master='local[2]' -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 \
    -Dlog4j2.level=warn -cp "$jar:$(cat "$work/spark.cp")" dev.deberta4j.spark.example.ClassifyJob \
    "$work/reviews.txt" "$work/scored.parquet" "$model" 2>"$work/spark.err" | tee "$work/spark.out"
t1=$(date +%s.%N)
echo "spark local[2]: $(echo "$t1 - $t0" | bc) s for the whole process (session start included) = $(echo "$n / ($t1 - $t0)" | bc) rows/s"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -i "error\|exception" "$work/spark.err" | head -5 || true
