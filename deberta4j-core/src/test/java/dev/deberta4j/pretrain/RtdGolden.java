package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.ModelInput;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * fixtures/v3-base-like/rtd (transformers 4.40 / torch 1.13): the configs, rtd_weights.safetensors, a masked batch
 * with its given sampled tokens, both networks' logits, the losses and every gradient of one backward pass.
 */
final class RtdGolden implements AutoCloseable {
    final Path dir;
    final SafetensorsFile tensors;
    final SafetensorsFile weights;

    RtdGolden() {
        dir = RtdGoldenResources.resource("/fixtures/v3-base-like/rtd");
        tensors = SafetensorsFile.open(dir.resolve("rtd.safetensors"));
        weights = SafetensorsFile.open(dir.resolve("rtd_weights.safetensors"));
    }

    static DebertaConfig noDropout(DebertaConfig c) {
        return c.with(Map.of("hidden_dropout_prob", 0.0, "attention_probs_dropout_prob", 0.0, "pooler_dropout", 0.0));
    }

    DebertaConfig discriminatorConfig() {
        return noDropout(DebertaConfig.load(dir.resolve("discriminator_config.json")));
    }

    DebertaConfig generatorConfig() {
        return noDropout(DebertaConfig.load(dir.resolve("generator_config.json")));
    }

    RtdModel model(RtdOptions options) {
        return RtdModel.fromWeights(discriminatorConfig(), generatorConfig(), options, weights, 0);
    }

    ModelInput input() {
        long[] shape = tensors.info("input_ids").shape();
        return new ModelInput((int) shape[0], (int) shape[1], ints("input_ids"), ints("attention_mask"),
                ints("token_type_ids"), 1);
    }

    boolean[] maskPositions() {
        ByteBuffer raw = tensors.readRaw("mask_positions");
        boolean[] out = new boolean[raw.remaining()];
        for (int i = 0; i < out.length; i++) out[i] = raw.get(raw.position() + i) != 0;
        return out;
    }

    RtdBatch batch() {
        return new RtdBatch(input(), maskPositions(), ints("generator_input_ids"));
    }

    int[] ints(String name) {
        return Arrays.stream(tensors.readLongs(name)).mapToInt(Math::toIntExact).toArray();
    }

    float[] floats(String name) {
        return tensors.readFloats(name);
    }

    boolean has(String name) {
        return tensors.contains(name);
    }

    @Override
    public void close() {
        tensors.close();
        weights.close();
    }
}
