/**
 * Spark ML transformers and SQL functions over the pipelines (docs/spark.md).
 *
 * <p><b>API</b>: the {@code Deberta*} transformers and {@link dev.deberta4j.spark.DebertaUdfs} (README, "Java API").
 */
package dev.deberta4j.spark;
