package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.config.ModelFamily;
import dev.deberta4j.io.DType;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.quant.StoredLinear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query, key and value projections multiplied as one stacked weight ({@link StackedWeights}) give each
 * projection's own product bit for bit, in every weight form, including widths that leave padding columns (20 is
 * no multiple of either panel width, 48 none of 32); and share_att_key reads the same key / query weights through
 * views of the stack that separate pos_key_proj / pos_query_proj copies of them give.
 */
class StackedProjectionsTest {
    private static final int IN = 24;
    private static final int ROWS = 7;
    private static final List<String> NAMES = List.of("q", "k", "v");

    private static float[] random(int n, Random rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    @ParameterizedTest(name = "out {0}")
    @ValueSource(ints = {16, 20, 48})
    void float32StackGivesEachProjectionsOwnBits(int out) {
        Random rnd = new Random(out);
        InMemoryTensorSource source = new InMemoryTensorSource(Path.of("mem"));
        for (String n : NAMES) {
            source.putFloats(n + ".weight", random(out * IN, rnd), out, IN);
            source.putFloats(n + ".bias", random(out, rnd), out);
        }
        Linear.Stack stack = Linear.backboneStack(reader(source), NAMES, out, IN);
        float[] x = random(ROWS * IN, rnd);
        List<float[]> separate = NAMES.stream().map(n -> new Linear(source.readFloats(n + ".weight"),
                source.readFloats(n + ".bias"), out, IN).forward(x, ROWS)).toList();
        assertStackGives(stack, separate, x, out);
    }

    @ParameterizedTest(name = "out {0}")
    @ValueSource(ints = {16, 20, 48})
    void int8StackGivesEachProjectionsOwnBits(int out, @TempDir Path dir) {
        Random rnd = new Random(out);
        SafetensorsWriter w = new SafetensorsWriter();
        for (String n : NAMES) {
            byte[] values = new byte[out * IN];
            rnd.nextBytes(values);
            w.addRaw(n + ".weight" + StoredLinear.INT8_SUFFIX, DType.I8, values, out, IN);
            w.addF32(n + ".weight" + StoredLinear.SCALE_SUFFIX, random(out, rnd), out);
            w.addF32(n + ".bias", random(out, rnd), out);
        }
        w.write(dir.resolve("m.safetensors"));
        try (SafetensorsFile source = SafetensorsFile.open(dir.resolve("m.safetensors"))) {
            Linear.Stack stack = Linear.backboneStack(reader(source), NAMES, out, IN);
            float[] x = random(ROWS * IN, rnd);
            List<float[]> separate = NAMES.stream().map(n -> new Linear(
                    StoredLinear.read(source, n + ".weight", out, IN, null).weights(), source.readFloats(n + ".bias"))
                    .forward(x, ROWS)).toList();
            assertStackGives(stack, separate, x, out);
        }
    }

    /** The stack's product holds each part's product at its columns and zeros between; each view gives its part. */
    private static void assertStackGives(Linear.Stack stack, List<float[]> separate, float[] x, int out) {
        int stride = stack.stride();
        assertThat(stride % Gemm.panelWidth()).isZero();
        assertThat(stride).isBetween(out, out + Gemm.panelWidth() - 1);
        float[] whole = stack.whole().forward(x, ROWS);
        assertThat(whole).hasSize(ROWS * NAMES.size() * stride);
        for (int p = 0; p < NAMES.size(); p++) {
            float[] part = new float[ROWS * out];
            float[] padding = new float[ROWS * (stride - out)];
            for (int r = 0; r < ROWS; r++) {
                int row = r * NAMES.size() * stride + p * stride;
                System.arraycopy(whole, row, part, r * out, out);
                System.arraycopy(whole, row + out, padding, r * (stride - out), stride - out);
            }
            assertThat(part).as(NAMES.get(p) + " columns of the stacked product").containsExactly(separate.get(p));
            assertThat(padding).as(NAMES.get(p) + " padding columns").isEqualTo(new float[padding.length]);
            assertThat(stack.parts().get(p).forward(x, ROWS)).as(NAMES.get(p) + " view")
                    .containsExactly(separate.get(p));
        }
    }

    @Test
    void projectionsStoredInDifferentFormsAreRefusedNamingThem(@TempDir Path dir) {
        int out = 16;
        Random rnd = new Random(1);
        SafetensorsWriter w = new SafetensorsWriter()
                .addRaw("q.weight" + StoredLinear.INT8_SUFFIX, DType.I8, new byte[out * IN], out, IN)
                .addF32("q.weight" + StoredLinear.SCALE_SUFFIX, random(out, rnd), out)
                .addF32("k.weight", random(out * IN, rnd), out, IN)
                .addF32("v.weight", random(out * IN, rnd), out, IN);
        w.write(dir.resolve("m.safetensors"));
        try (SafetensorsFile source = SafetensorsFile.open(dir.resolve("m.safetensors"))) {
            assertThatThrownBy(() -> reader(source).backboneStack(List.of("q.weight", "k.weight", "v.weight"), out, IN))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("[q.weight, k.weight, v.weight] are multiplied as one matrix and must all be"
                            + " float32 or all be stored in one compact form");
        }
    }

    /** A V3-shaped model, 3 heads of 16: allHead 48 fills whole 16-wide panels and leaves padding in 32-wide ones. */
    private static DebertaConfig v3(boolean shareAttKey) {
        return DebertaConfig.parse("""
                {"model_type": "deberta-v2", "vocab_size": 40, "hidden_size": 48, "num_hidden_layers": 2,
                 "num_attention_heads": 3, "intermediate_size": 64, "hidden_act": "gelu",
                 "max_position_embeddings": 32, "type_vocab_size": 0, "layer_norm_eps": 1e-7,
                 "relative_attention": true, "max_relative_positions": 16, "position_buckets": 6, "pad_token_id": 0,
                 "position_biased_input": false, "pos_att_type": ["p2c", "c2p"], "norm_rel_ebd": "layer_norm",
                 "share_att_key": %s}
                """.formatted(shareAttKey));
    }

    @Test
    void sharedAttentionKeysGiveTheNumbersOfSeparateCopiesOfTheKeyAndQueryWeights() {
        DebertaConfig shared = v3(true);
        InMemoryTensorSource weights = WeightInitializer.initialise(shared, HeadType.BASE, 11);
        InMemoryTensorSource copies = WeightInitializer.initialise(shared, HeadType.BASE, 11);
        for (int layer = 0; layer < shared.numHiddenLayers; layer++) {
            String p = "encoder.layer." + layer + ".attention.self.";
            for (String[] pair : new String[][]{{"key_proj", "pos_key_proj"}, {"query_proj", "pos_query_proj"}}) {
                for (String suffix : new String[]{".weight", ".bias"}) {
                    copies.putFloats(p + pair[1] + suffix, weights.readFloats(p + pair[0] + suffix),
                            weights.info(p + pair[0] + suffix).shape());
                }
            }
        }
        ModelInput input = ModelInput.of(List.of(new int[]{1, 5, 9, 13, 17, 21, 2}, new int[]{1, 7, 3, 2}), 0);
        try (DebertaModel viaViews = DebertaModel.load(shared, weights, LoadOptions.head(HeadType.BASE));
             DebertaModel viaCopies = DebertaModel.load(v3(false), copies, LoadOptions.head(HeadType.BASE))) {
            assertThat(viaCopies.loadReport().unexpected()).isEmpty();
            assertThat(viaViews.forward(input).lastHiddenState().data())
                    .containsExactly(viaCopies.forward(input).lastHiddenState().data());
        }
    }

    private static WeightReader reader(TensorSource source) {
        return new WeightReader(source, ModelFamily.DEBERTA_V2, false, Arena.ofAuto());
    }
}
