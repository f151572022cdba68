/**
 * Where each benchmark task's files come from ({@link dev.deberta4j.benchmark.source.DataSources}, the
 * {@code data-sources.json} resource) and the resumable, digest-verified
 * {@link dev.deberta4j.benchmark.source.DataFetcher} ({@code deberta4j data fetch}; docs/data.md).
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.benchmark.source;
