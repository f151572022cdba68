/**
 * {@code deberta4j serve}: the HTTP inference server, its dynamic batcher and metrics (docs/serving.md).
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.serve;
