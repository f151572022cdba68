/** JMH benchmarks of deberta4j's kernels and tokenizer, with comparison oracles. *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.bench;
