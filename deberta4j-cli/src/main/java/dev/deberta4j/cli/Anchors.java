package dev.deberta4j.cli;

import java.util.Map;

/**
 * Reference timings measured on this machine kind (2 cores, AVX2, float32, 2 threads, random weights,
 * DebertaV2ForSequenceClassification in eval mode): PyTorch 1.13.1 + transformers 4.40 and ONNX Runtime 1.22
 * through its Java API. Source: the project's reference/anchors.md. Tokens per second by "shape batchxseq".
 */
final class Anchors {
    private Anchors() {
    }

    static final Map<String, Double> PYTORCH_TOKENS_PER_S = Map.ofEntries(
            Map.entry("base 1x16", 17.7), Map.entry("base 1x128", 70.2), Map.entry("base 8x128", 228.8),
            Map.entry("base 32x128", 314.0), Map.entry("base 1x512", 168.4),
            Map.entry("xsmall 1x16", 72.5), Map.entry("xsmall 1x128", 270.1), Map.entry("xsmall 8x128", 499.0),
            Map.entry("xsmall 32x128", 940.3), Map.entry("xsmall 1x512", 369.0));

    static final Map<String, Double> ONNX_RUNTIME_TOKENS_PER_S = Map.ofEntries(
            Map.entry("base 1x16", 332.0), Map.entry("base 1x128", 571.0), Map.entry("base 8x128", 617.0),
            Map.entry("base 32x128", 534.0), Map.entry("base 1x512", 411.0));

    /**
     * One training step of DebertaV2ForSequenceClassification at batch 8 x 128 (forward + backward + AdamW,
     * dropout 0.1), PyTorch 1.13.1, 2 threads, seconds per step (anchors.md).
     */
    static final Map<String, Double> PYTORCH_TRAIN_STEP_SECONDS = Map.of("base", 12.154, "xsmall", 5.671);

    /** OpenBLAS sgemm with 2 threads on large products. */
    static final double SGEMM_CEILING_GFLOPS = 150.0;
}
