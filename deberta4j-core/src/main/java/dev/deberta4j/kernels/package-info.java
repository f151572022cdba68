/**
 * CPU kernels of the inference and training engine, in pure Java on the Vector API (256-bit species for AVX2 + FMA;
 * the GEMM micro-kernel moves to 512 bits where the JVM prefers them, i.e. on AVX-512 hardware). Internal: they
 * know nothing of DeBERTa and work on float arrays with offsets and leading dimensions.
 *
 * <ul>
 *   <li>{@link dev.deberta4j.kernels.Gemm}: fp32 matrix products. A BLIS-style loop nest
 *       ({@code GemmBlocking}: k blocks of 256, row blocks of 120, 1024-column chunks) packs operands into panels
 *       ({@code GemmPacking}) that a 6 x (2 vectors) register-tile micro-kernel ({@code MicroKernel}, 12 vector
 *       accumulators) streams; narrow single-threaded products skip the packing ({@code NarrowKernel}, same bits).
 *       Weights are packed once as {@link dev.deberta4j.kernels.PackedMatrix} or widened panel by panel
 *       ({@link dev.deberta4j.kernels.PanelWeights}); {@link dev.deberta4j.kernels.LinearWeights} is either.</li>
 *   <li>{@link dev.deberta4j.kernels.VectorOps}, {@code Exp}: element-wise and reduction loops over float
 *       ranges.</li>
 *   <li>{@link dev.deberta4j.kernels.Activations} / {@link dev.deberta4j.kernels.Activation}: transformers'
 *       ACT2FN activations and derivatives, exact GELU through a double-precision erf ({@code ErfPolynomials}).</li>
 *   <li>{@link dev.deberta4j.kernels.KernelWarmUp}, {@code ColdTiles}, {@link dev.deberta4j.kernels.VectorModule}:
 *       JIT warm-up, the scalar path before the vector code is compiled, and the incubator-module check.</li>
 * </ul>
 * The kernels run on the shared {@link dev.deberta4j.concurrent.ThreadPool}.
 */
package dev.deberta4j.kernels;
