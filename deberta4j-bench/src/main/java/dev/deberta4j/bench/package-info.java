/** JMH benchmarks of deberta4j's kernels and tokenizer, with comparison oracles. */
package dev.deberta4j.bench;
