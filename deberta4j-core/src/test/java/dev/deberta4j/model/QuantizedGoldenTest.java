package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.DType;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.quant.Quantizer;
import dev.deberta4j.quant.StoredLinear;
import dev.deberta4j.quant.WeightFormat;
import dev.deberta4j.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fixture quantized to each dtype, loaded back and run: every tensor of the written file is used, and the
 * last hidden state and the sequence-classification logits stay within the bounds below of transformers'
 * float32 goldens.
 */
class QuantizedGoldenTest {
    /** The fixtures are 32 to 64 wide; 16 divides all their matrices (the base model's default is 32). */
    private static final int GROUP_SIZE = 16;

    private record Bound(double hiddenMax, double hiddenMean, double logitsMax) {
    }

    /**
     * Measured (see docs/quantization.md) with headroom. float16 and bfloat16 logits are held to what transformers
     * itself shows when the whole checkpoint is cast (8.0e-4 and 8.0e-3); here only the linear weights are. int8
     * rounds each weight to 1/254 of its row's range (about 1% relative noise on a layer's output), int4 to 1/14 of
     * its group's range (about 10%); hidden states are LayerNorm outputs of unit scale.
     */
    private static final java.util.Map<WeightFormat, Bound> BOUNDS = java.util.Map.of(
            WeightFormat.FLOAT16, new Bound(4e-3, 5e-4, 8.0e-4),
            WeightFormat.BFLOAT16, new Bound(3e-2, 4e-3, 8.0e-3),
            WeightFormat.INT8, new Bound(0.1, 0.015, 0.03),
            WeightFormat.INT4, new Bound(1.5, 0.2, 0.4));

    static Stream<Arguments> casesAndFormats() {
        return GoldenCase.CASES.stream().flatMap(c -> Stream.of(WeightFormat.FLOAT16, WeightFormat.BFLOAT16,
                WeightFormat.INT8, WeightFormat.INT4).map(f -> Arguments.of(c, f)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndFormats")
    void quantizedFixtureStaysNearTheFloat32Goldens(String caseName, WeightFormat format, @TempDir Path out) {
        try (GoldenCase g = new GoldenCase(caseName)) {
            Quantizer.Result result = Quantizer.quantize(g.dir, format, GROUP_SIZE, out);
            assertThat(storedMatrices(result.weightsFile(), format)).isEqualTo(result.quantizedMatrices())
                    .isEqualTo(expectedMatrices(g));
            DebertaModel base = DebertaModel.load(out, LoadOptions.head(HeadType.BASE));
            // the fixture files carry a head the base model ignores; every quantized tensor must be used
            assertThat(base.loadReport().unexpected())
                    .isEqualTo(DebertaModel.load(g.dir, LoadOptions.head(HeadType.BASE)).loadReport().unexpected());
            ModelOutput hidden = base.forward(g.input());
            Tensor goldenHidden = g.tensor("last_hidden_state");
            double[] h = deviation(hidden.lastHiddenState(), goldenHidden);

            Tensor goldenLogits = g.tensor("logits.seq_cls");
            DebertaConfig headConfig = g.headConfig("seq_cls");
            Tensor logits;
            try (TensorSource weights = new LayeredTensorSource(
                    SafetensorsFile.open(g.dir.resolve("heads/seq_cls.safetensors")), SafetensorsFile.open(result.weightsFile()))) {
                logits = DebertaModel.load(headConfig, weights, LoadOptions.head(HeadType.SEQUENCE_CLASSIFICATION))
                        .forward(g.input()).logits();
            }
            double[] l = deviation(logits, goldenLogits);
            System.out.printf("%s %s: %d matrices, hidden max %.3g mean %.3g, logits max %.3g mean %.3g%n",
                    caseName, format, result.quantizedMatrices(), h[0], h[1], l[0], l[1]);
            Bound bound = BOUNDS.get(format);
            assertThat(h[0]).as("hidden max deviation").isLessThan(bound.hiddenMax());
            assertThat(h[1]).as("hidden mean deviation").isLessThan(bound.hiddenMean());
            assertThat(l[0]).as("logits max deviation").isLessThan(bound.logitsMax());
        }
    }

    /** Tensors of the written file in the target form: F16/BF16 weights, or int8/int4 value tensors. */
    private static long storedMatrices(Path file, WeightFormat format) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.names().stream().filter(n -> switch (format) {
                case FLOAT16 -> f.info(n).dtype() == DType.F16;
                case BFLOAT16 -> f.info(n).dtype() == DType.BF16;
                case INT8 -> n.endsWith(StoredLinear.INT8_SUFFIX) && f.contains(n.replace(".int8", ".scale"));
                case INT4 -> n.endsWith(StoredLinear.INT4_SUFFIX) && f.contains(n.replace(".int4", ".scale"));
                case FLOAT32 -> false;
            }).count();
        }
    }

    /** Query, key, value, attention output, intermediate, output per layer, plus separate position projections. */
    private static long expectedMatrices(GoldenCase g) {
        DebertaConfig c = DebertaConfig.load(g.dir);
        int perLayer = 6 + (c.shareAttKey ? 0 : (c.posAttType.contains("c2p") ? 1 : 0)
                + (c.posAttType.contains("p2c") ? 1 : 0));
        return (long) perLayer * c.numHiddenLayers + (c.embeddingSize != c.hiddenSize ? 1 : 0);
    }

    /** {max, mean} absolute difference. */
    static double[] deviation(Tensor a, Tensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        double max = 0, sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = Math.abs(a.data()[i] - b.data()[i]);
            max = Math.max(max, d);
            sum += d;
        }
        return new double[]{max, sum / a.data().length};
    }
}
