package dev.deberta4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One training golden of fixtures/v3-base-like/train (written by transformers 4.40 / torch 1.13): initial
 * weights, a batch, its labels, the losses, gradients and parameters after one and two AdamW steps.
 */
final class TrainingGolden implements AutoCloseable {
    final String head;
    final JsonNode json;
    final SafetensorsFile tensors;
    final Path caseDir;

    TrainingGolden(String head) {
        this.head = head;
        this.caseDir = resource("/fixtures/v3-base-like");
        try {
            json = new ObjectMapper().readTree(caseDir.resolve("train/" + head + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tensors = SafetensorsFile.open(caseDir.resolve("train/" + head + ".safetensors"));
    }

    static Path resource(String path) {
        try {
            var url = TrainingGolden.class.getResource(path);
            if (url == null) throw new IllegalStateException("missing test resource " + path);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The head's config with every dropout probability 0, as the goldens were made. */
    DebertaConfig config() {
        return DebertaConfig.load(caseDir.resolve("heads/" + head + ".config.json")).with(Map.of(
                "hidden_dropout_prob", 0.0, "attention_probs_dropout_prob", 0.0, "pooler_dropout", 0.0));
    }

    HeadType headType() {
        return head.equals("mlm") ? HeadType.MASKED_LM : HeadType.SEQUENCE_CLASSIFICATION;
    }

    /** model.safetensors (the backbone) with the head's tensors on top, in memory. */
    InMemoryTensorSource initialWeights() {
        InMemoryTensorSource out = new InMemoryTensorSource(caseDir.resolve("heads/" + head + ".safetensors"));
        for (Path file : List.of(caseDir.resolve("model.safetensors"), caseDir.resolve("heads/" + head + ".safetensors"))) {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                for (String name : f.names()) {
                    if (f.info(name).dtype().isFloatingPoint()) out.putFloats(name, f.readFloats(name), f.info(name).shape());
                }
            }
        }
        return out;
    }

    ModelInput input() {
        long[] shape = tensors.info("input_ids").shape();
        return new ModelInput((int) shape[0], (int) shape[1], ints("input_ids"), ints("attention_mask"),
                ints("token_type_ids"), 1);
    }

    Labels labels() {
        return head.equals("seq_reg") ? new Labels.Regression(tensors.readFloats("labels"))
                : new Labels.Classes(ints("labels"));
    }

    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        json.get("param_names").forEach(n -> names.add(n.asText()));
        return names;
    }

    float scalar(String name) {
        return tensors.readFloats(name)[0];
    }

    float[] floats(String name) {
        return tensors.readFloats(name);
    }

    private int[] ints(String name) {
        return Arrays.stream(tensors.readLongs(name)).mapToInt(Math::toIntExact).toArray();
    }

    /** The optimizer the goldens used: one param group, lr 1e-3, betas (0.9, 0.999), eps 1e-6, wd 0.01. */
    static AdamW.Options optimizerOptions() {
        return new AdamW.Options(0.9, 0.999, 1e-6, 0.01, AdamW.DecayRule.ALL_PARAMETERS);
    }

    static final double LR = 1e-3;

    @Override
    public void close() {
        tensors.close();
    }
}
