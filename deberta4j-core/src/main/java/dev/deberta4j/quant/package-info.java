/**
 * Quantized inference: linear-layer weights stored as float16, bfloat16, int8 (per-output-channel scales) or int4
 * (group-wise scales) and multiplied in that form.
 *
 * <ul>
 *   <li>{@link dev.deberta4j.quant.Quantizer} writes a quantized model directory;
 *       {@link dev.deberta4j.quant.StoredLinear} reads its tensors back (tensor names in docs/quantization.md),
 *       checked against the config's {@link dev.deberta4j.quant.QuantizationConfig}.</li>
 *   <li>{@link dev.deberta4j.quant.HalfPrecisionMatrix} (float16 or bfloat16),
 *       {@link dev.deberta4j.quant.QuantizedInt8Matrix} and {@link dev.deberta4j.quant.QuantizedInt4Matrix} are
 *       {@link dev.deberta4j.kernels.LinearWeights} and {@link dev.deberta4j.kernels.PanelWeights}: they keep the
 *       stored values in the float32 GEMM's panel order and widen one KC x NR slab at a time (Vector API) for its
 *       micro-kernel, multithreaded on the shared pool. None widens a whole matrix.</li>
 * </ul>
 *
 * <p><b>API</b>: {@link dev.deberta4j.quant.Quantizer}, {@link dev.deberta4j.quant.WeightFormat} and
 * {@link dev.deberta4j.quant.QuantizationConfig}; the weight forms are internal (README, "Java API").
 */
package dev.deberta4j.quant;
