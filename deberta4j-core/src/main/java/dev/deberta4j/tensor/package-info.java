/**
 * CPU kernels of the inference and training engine, in pure Java on the Vector API (256-bit species for AVX2 + FMA;
 * the GEMM micro-kernel moves to 512 bits where the JVM prefers them, i.e. on AVX-512 hardware).
 *
 * <ul>
 *   <li>{@link dev.deberta4j.tensor.Gemm}: fp32 matrix products. A BLIS-style loop nest
 *       ({@code GemmBlocking}: k blocks of 256, row blocks of 120, 1024-column chunks) packs operands into panels
 *       ({@code GemmPacking}) that a 6 x (2 vectors) register-tile micro-kernel ({@code MicroKernel}, 12 vector accumulators)
 *       streams. Weights are packed once as {@link dev.deberta4j.tensor.PackedMatrix}.</li>
 *   <li>{@link dev.deberta4j.tensor.ThreadPool}: the fixed worker pool all kernels share.</li>
 *   <li>{@link dev.deberta4j.tensor.VectorOps}: element-wise and reduction loops over float ranges.</li>
 *   <li>{@link dev.deberta4j.tensor.Activations} / {@link dev.deberta4j.tensor.Activation}: transformers'
 *       ACT2FN activations and derivatives, exact GELU through a double-precision erf
 *       ({@code ErfPolynomials}).</li>
 *   <li>{@link dev.deberta4j.tensor.GemmFlops}: the GFLOPS measurement the bench command reports.</li>
 * </ul>
 */
package dev.deberta4j.tensor;
