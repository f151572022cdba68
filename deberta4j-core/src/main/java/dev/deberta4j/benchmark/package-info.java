/**
 * The Korean benchmark suite ({@code deberta4j benchmark}): tasks, fine-tuning recipes, the runner and its results
 * (docs/benchmark.md). Where the data comes from is {@code dev.deberta4j.benchmark.source}.
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.benchmark;
