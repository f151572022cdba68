package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.LoadOptions;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.ModelOutput;
import dev.deberta4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code deberta4j infer}: pre-tokenized JSONL in, transformers-named F32 tensors out (safetensors), for interop
 * with other pipelines and for checking parity against Python.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Run a model on pre-tokenized input and write its outputs as safetensors.",
                "Each JSONL line holds input_ids and optionally attention_mask and token_type_ids "
                        + "(for multiple-choice: lists of choices). Sequences of different lengths are right-padded "
                        + "with pad_token_id and masked.",
                "Outputs use transformers' names: last_hidden_state, hidden_states.N, logits, start_logits, end_logits."})
public final class InferCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;

    @Mixin ModelOption model;

    @Option(names = "--inputs", required = true, paramLabel = "FILE", description = "JSONL with input_ids per line.")
    Path inputs;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Safetensors file to write.")
    Path output;

    @Option(names = "--head", paramLabel = "HEAD", description = "base, sequence-classification, token-classification, "
            + "question-answering, masked-lm or multiple-choice (default: the config's architecture).")
    String head;

    @Option(names = "--hidden-states", description = "Also write hidden_states.0 (embeddings) .. hidden_states.N.")
    boolean hiddenStates;

    @Option(names = "--attentions", description = "Also write every layer's attention probabilities (attentions.N).")
    boolean attentions;

    @Override
    public Integer call() {
        Path dir = model.directory();
        LoadOptions options = head == null ? LoadOptions.defaults() : LoadOptions.head(HeadType.fromCliName(head));
        DebertaModel m = DebertaModel.load(dir, options);
        ModelInput input = readInputs(inputs, m.config().padTokenId, m.headType() == HeadType.MULTIPLE_CHOICE);
        ModelOutput out = m.forward(input, hiddenStates, attentions);
        SafetensorsWriter writer = new SafetensorsWriter();
        for (Map.Entry<String, Tensor> e : out.named().entrySet()) {
            Tensor t = e.getValue();
            writer.addF32(e.getKey(), t.data(), Arrays.stream(t.shape()).asLongStream().toArray());
        }
        writer.write(output);
        spec.commandLine().getErr().printf("deberta4j infer: %d sequence(s) of length %d through %s -> %s (%s)%n", input.batch(),
                input.seqLen(), m.headType().architecture(m.config().family), output, String.join(", ", out.named().keySet()));
        return 0;
    }

    /** Reads the JSONL batch; for multiple choice every line is one example whose fields list its choices. */
    static ModelInput readInputs(Path file, int padId, boolean multipleChoice) {
        List<int[]> ids = new ArrayList<>();
        List<int[]> masks = new ArrayList<>();
        List<int[]> types = new ArrayList<>();
        int choices = -1;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": not valid JSON: " + e.getMessage());
                }
                String where = file + ":" + lineNo;
                if (node == null || !node.has("input_ids")) {
                    throw new IllegalArgumentException(where + ": missing field input_ids");
                }
                if (multipleChoice) {
                    JsonNode all = node.get("input_ids");
                    if (!all.isArray() || all.isEmpty() || !all.get(0).isArray()) {
                        throw new IllegalArgumentException(where + ": multiple-choice input_ids must be a list of choices (lists of ids)");
                    }
                    if (choices >= 0 && all.size() != choices) {
                        throw new IllegalArgumentException(where + ": " + all.size() + " choices, earlier lines have " + choices);
                    }
                    choices = all.size();
                    for (int c = 0; c < all.size(); c++) {
                        addSequence(where + " choice " + c, all.get(c), child(node, "attention_mask", c),
                                child(node, "token_type_ids", c), ids, masks, types);
                    }
                } else {
                    addSequence(where, node.get("input_ids"), node.get("attention_mask"), node.get("token_type_ids"),
                            ids, masks, types);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (ids.isEmpty()) throw new IllegalArgumentException(file + ": no input lines");
        ModelInput input = ModelInput.of(ids, masks, types, padId);
        return multipleChoice ? input.asChoices(choices) : input;
    }

    private static JsonNode child(JsonNode node, String field, int index) {
        JsonNode f = node.get(field);
        return f == null ? null : f.get(index);
    }

    private static void addSequence(String where, JsonNode idsNode, JsonNode maskNode, JsonNode typeNode,
                                    List<int[]> ids, List<int[]> masks, List<int[]> types) {
        int[] seq = intArray(where, "input_ids", idsNode);
        if (seq.length == 0) throw new IllegalArgumentException(where + ": input_ids is empty");
        int[] mask = maskNode == null ? filled(seq.length, 1) : intArray(where, "attention_mask", maskNode);
        int[] type = typeNode == null ? new int[seq.length] : intArray(where, "token_type_ids", typeNode);
        if (mask.length != seq.length || type.length != seq.length) {
            throw new IllegalArgumentException(where + ": input_ids has " + seq.length + " entries, attention_mask "
                    + mask.length + ", token_type_ids " + type.length);
        }
        ids.add(seq);
        masks.add(mask);
        types.add(type);
    }

    private static int[] intArray(String where, String field, JsonNode n) {
        if (!n.isArray()) throw new IllegalArgumentException(where + ": " + field + " must be a list of integers");
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = n.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new IllegalArgumentException(where + ": " + field + "[" + i + "] = " + v + " is not an integer");
            }
            out[i] = v.intValue();
        }
        return out;
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

}
