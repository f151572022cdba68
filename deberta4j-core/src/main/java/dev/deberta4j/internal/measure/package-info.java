/**
 * Measurement code that ships with the engine because the {@code deberta4j speed} command runs it:
 * {@link dev.deberta4j.internal.measure.GemmFlops}, the GEMM GFLOPS figure. It is not in deberta4j-bench because the
 * CLI does not depend on the bench module (JMH, DJL tokenizers; never shipped). Internal: not part of the API.
 */
package dev.deberta4j.internal.measure;
