/**
 * Quantized inference: linear-layer weights stored as float16, bfloat16, int8 (per-output-channel scales) or int4
 * (group-wise scales) and multiplied in that form.
 *
 * <ul>
 *   <li>{@link dev.deberta4j.quant.Quantizer} writes a quantized model directory;
 *       {@link dev.deberta4j.quant.StoredLinear} reads its tensors back (tensor names in docs/quantization.md),
 *       checked against the config's {@link dev.deberta4j.quant.QuantizationConfig}.</li>
 *   <li>{@link dev.deberta4j.quant.Float16Matrix}, {@link dev.deberta4j.quant.BFloat16Matrix},
 *       {@link dev.deberta4j.quant.QuantizedInt8Matrix} and {@link dev.deberta4j.quant.QuantizedInt4Matrix} are
 *       {@link dev.deberta4j.tensor.LinearWeights}: Vector API kernels on the stored values (a dot-product kernel
 *       for one or two input rows, widened 8-row tiles up to 64 rows, widened GEMM blocks beyond), multithreaded
 *       on the shared pool. None widens a whole matrix.</li>
 * </ul>
 */
package dev.deberta4j.quant;
