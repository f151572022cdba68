package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.DType;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.TensorInfo;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.ModelOutput;
import dev.deberta4j.model.WeightInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One DeBERTa, two paths: the training forward (eval mode, {@link TrainableModel}) and the inference forward
 * ({@link DebertaModel}, from the training model's weights) give the same numbers, for every fixture config of the
 * test resources (copied from ../shared/fixtures: the DeBERTa cases, their weight formats and every family's heads)
 * and every head its family has, on the fixture's golden input (padded batches): every hidden state and the logits.
 *
 * <p>Both paths run the same operations in the same order — the score rows ({@code model.AttentionScores}), the
 * embedding sum, the conv taps and LayerNorm are one implementation each, and both paths' products run on the same
 * GEMM micro-kernel with the same blocking of the inner dimension — so every value is compared for equality, bit
 * for bit. The only differences allowed between the paths (relative projections precomputed, weights packed at
 * load, inference's blocking by query rows) change where products are computed, not their sums.
 */
class TrainingMatchesInferenceTest {
    private static final long SEED = 7;

    /** Every config.json under the fixtures, as paths relative to the fixtures folder. */
    static Stream<String> configs() {
        Path root = TrainingGolden.resource("/fixtures");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().equals("config.json"))
                    .map(f -> root.relativize(f.getParent()).toString().replace('\\', '/'))
                    .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each fixture config with each head its family has in transformers. */
    static Stream<Arguments> configsAndHeads() {
        return configs().flatMap(name -> {
            DebertaConfig c = DebertaConfig.load(TrainingGolden.resource("/fixtures/" + name).resolve("config.json"));
            return Arrays.stream(HeadType.values()).filter(h -> h.existsIn(c.family)).map(h -> Arguments.of(name, h));
        });
    }

    @Test
    void everyFixtureConfigAndEveryHeadIsCovered() {
        List<String> names = configs().toList();
        assertThat(names).contains("v2-conv-c2p", "v2-tokentype-abs-pos", "v3-base-like", "v3-long",
                "v2-tokentype-abs-pos/formats/fp16", "family/bert/seq_cls", "family/distilbert/qa",
                "family/electra/rtd", "family/xlm-roberta/mlm");
        assertThat(configsAndHeads().map(a -> (HeadType) a.get()[1]).distinct())
                .containsExactlyInAnyOrder(HeadType.values());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configsAndHeads")
    void theTrainingForwardGivesTheInferenceForwardsNumbers(String name, HeadType head) {
        Path dir = TrainingGolden.resource("/fixtures/" + name);
        DebertaConfig config = forHead(DebertaConfig.load(dir.resolve("config.json")), head);
        TrainableModel training;
        try (TensorSource weights = Checkpoints.open(dir)) {
            training = TrainableModel.forEvaluation(config, head, weightsFor(config, head, weights), SEED);
        }
        assertSameNumbers(name, head, training, goldenInput(dir));
    }

    /** The tiny configs of the training tests: every optional module of DeBERTa-V2 and the V3 shape. */
    static Stream<Arguments> tinyConfigsAndHeads() {
        return Stream.of("v3", "v2WithEverything").flatMap(name -> Arrays.stream(HeadType.values())
                .filter(h -> h.existsIn(tiny(name).family)).map(h -> Arguments.of(name, h)));
    }

    private static DebertaConfig tiny(String name) {
        return name.equals("v3") ? TinyModels.v3(3) : TinyModels.v2WithEverything();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tinyConfigsAndHeads")
    void theTrainingForwardGivesTheInferenceForwardsNumbersOnTheTinyConfigs(String name, HeadType head) {
        DebertaConfig config = forHead(tiny(name), head);
        TrainableModel training = TrainableModel.forEvaluation(config, head,
                WeightInitializer.initialise(config, head, SEED), SEED);
        assertSameNumbers(name, head, training, TinyModels.batch());
    }

    private static DebertaConfig forHead(DebertaConfig config, HeadType head) {
        return head == HeadType.QUESTION_ANSWERING ? config.with(Map.of("num_labels", 2)) : config;
    }

    /** Eval-mode training pass against the inference model of the same weights: every hidden state and the logits. */
    private static void assertSameNumbers(String name, HeadType head, TrainableModel training, ModelInput batch) {
        DebertaConfig config = training.config();
        ModelInput input = head == HeadType.MULTIPLE_CHOICE ? batch.asChoices(batch.batch()) : batch;
        TrainableModel.EvalPass trained = training.evalPass(input);
        try (DebertaModel inference = training.toInferenceModel()) {
            ModelOutput out = inference.forward(input, true, false);
            assertThat(trained.hiddenStates()).hasSize(out.hiddenStates().size()).hasSize(config.numHiddenLayers + 1);
            for (int i = 0; i < trained.hiddenStates().size(); i++) {
                assertSame(name + " " + head + " hidden_states." + i, out.hiddenStates().get(i).data(),
                        trained.hiddenStates().get(i));
            }
            assertSame(name + " " + head + " last_hidden_state", out.lastHiddenState().data(),
                    trained.hiddenStates().getLast());
            switch (head) {
                case BASE -> assertThat(trained.logits()).isNull();
                case QUESTION_ANSWERING -> {
                    // Training's logits are [batch, L, 2] (start, end per token); inference splits them.
                    float[] start = out.startLogits().data();
                    float[] end = out.endLogits().data();
                    float[] interleaved = new float[2 * start.length];
                    for (int t = 0; t < start.length; t++) {
                        interleaved[2 * t] = start[t];
                        interleaved[2 * t + 1] = end[t];
                    }
                    assertSame(name + " " + head + " start/end logits", interleaved, trained.logits());
                }
                default -> {
                    assertThat(training.lastLogits().shape()).containsExactly(out.logits().shape());
                    assertSame(name + " " + head + " logits", out.logits().data(), trained.logits());
                }
            }
        }
    }

    /**
     * The fixture's weights for its own head; for another head its backbone alone (the head then initialised from
     * the seed: another head's weights may have other shapes).
     */
    private static TensorSource weightsFor(DebertaConfig config, HeadType head, TensorSource weights) {
        HeadType own = HeadType.fromArchitecture(config.architectures.getFirst(), config.family);
        if (head == own) return weights;
        String prefix = config.family.backbonePrefix();
        InMemoryTensorSource backbone = new InMemoryTensorSource(weights.path());
        for (String name : weights.names()) {
            if (!name.startsWith(prefix)) continue;
            TensorInfo info = weights.info(name);
            if (info.dtype() == DType.I64) {
                backbone.putLongs(name, weights.readLongs(name), info.shape());
            } else {
                backbone.putFloats(name, weights.readFloats(name), info.shape());
            }
        }
        return backbone;
    }

    /** The golden input of the fixture (ids, mask, token types where the model has them) of this or a parent dir. */
    private static ModelInput goldenInput(Path dir) {
        Path d = dir;
        while (!Files.exists(d.resolve("golden.safetensors"))) d = d.getParent();
        try (SafetensorsFile golden = SafetensorsFile.open(d.resolve("golden.safetensors"))) {
            long[] shape = golden.info("input_ids").shape();
            int[] ids = ints(golden, "input_ids");
            int[] types = golden.contains("token_type_ids") ? ints(golden, "token_type_ids") : new int[ids.length];
            return new ModelInput((int) shape[0], (int) shape[1], ids, ints(golden, "attention_mask"), types, 1);
        }
    }

    private static int[] ints(SafetensorsFile f, String name) {
        return Arrays.stream(f.readLongs(name)).mapToInt(Math::toIntExact).toArray();
    }

    /** Bit-for-bit equality, reporting how many values differ and the largest difference when they do. */
    static void assertSame(String what, float[] expected, float[] actual) {
        assertThat(actual).as(what + " size").hasSameSizeAs(expected);
        int differ = 0;
        int first = -1;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                if (first < 0) first = i;
                differ++;
                maxDiff = Math.max(maxDiff, Math.abs((double) expected[i] - actual[i]));
            }
        }
        if (differ > 0) {
            fail(what + ": " + differ + " of " + expected.length + " values differ (first at " + first + ": inference "
                    + expected[first] + ", training " + actual[first] + "; largest difference " + maxDiff + ")");
        }
    }
}
