package dev.deberta4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.io.SmallJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@code config.json} of a DeBERTa-V2/V3 model ({@code model_type: deberta-v2}) or of one of the other encoder
 * families ({@link ModelFamily}: bert, electra, roberta, xlm-roberta, distilbert), with the defaults of
 * transformers' config class for that model_type and the modules' {@code getattr(config, ..., default)} calls.
 * Fields a family does not have take the values that make the shared modules compute that family's model
 * (no relative attention, absolute positions, no conv layer).
 * The raw JSON is kept so that fields this class does not model survive a round trip.
 */
public final class DebertaConfig {
    /** Activation names transformers' ACT2FN knows and deberta4j implements. */
    public static final Set<String> SUPPORTED_ACTIVATIONS = Set.of(
            "gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "quick_gelu", "relu", "tanh", "sigmoid",
            "silu", "swish", "linear");

    /** For writing and {@link #with}: reading goes through {@link SmallJson} (cold start, see there). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    // Sane ranges: each far above any published DeBERTa (largest: 250,102 tokens, width 1,536, 48 layers,
    // 512 positions), low enough that a hostile config.json cannot make a reader allocate gigabytes or overflow
    // an int. Listed in docs/security.md.
    static final int MAX_VOCAB = 1 << 24;
    static final int MAX_WIDTH = 1 << 16;
    static final int MAX_INTERMEDIATE = 1 << 18;
    static final int MAX_LAYERS = 1024;
    static final int MAX_POSITIONS = 1 << 20;
    static final int MAX_LABELS = 1 << 20;
    static final int MAX_CONV_KERNEL = 1023;
    /** Largest tensor a weight may have: one Java array (float[] of at most 2^31 - 9 elements). */
    public static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8;

    private final Path source;
    private final ObjectNode raw;

    public final int vocabSize;
    public final int hiddenSize;
    public final int numHiddenLayers;
    public final int numAttentionHeads;
    public final int attentionHeadSize;
    public final int intermediateSize;
    public final String hiddenAct;
    public final double hiddenDropoutProb;
    public final double attentionProbsDropoutProb;
    public final int maxPositionEmbeddings;
    public final int typeVocabSize;
    public final double initializerRange;
    public final double layerNormEps;
    public final boolean relativeAttention;
    /** As configured; {@link #maxRelativePositions()} resolves values below 1. */
    public final int maxRelativePositionsRaw;
    public final int positionBuckets;
    public final int padTokenId;
    public final boolean positionBiasedInput;
    public final List<String> posAttType;
    public final List<String> normRelEbd;
    public final boolean shareAttKey;
    public final int embeddingSize;
    public final int convKernelSize;
    public final String convAct;
    public final int convGroups;
    public final int poolerHiddenSize;
    public final String poolerHiddenAct;
    public final double poolerDropout;
    public final double clsDropout;
    public final int numLabels;
    public final Map<Integer, String> id2label;
    public final Map<String, Integer> label2id;
    /** null, "regression", "single_label_classification" or "multi_label_classification". */
    public final String problemType;
    public final List<String> architectures;
    /** The architecture config.json's model_type names. */
    public final ModelFamily family;

    private DebertaConfig(Path source, ObjectNode raw) {
        this.source = source;
        this.raw = raw;
        String modelType = new Fields(source, raw, ModelFamily.DEBERTA_V2).string("model_type", "deberta-v2");
        family = ModelFamily.fromModelType(modelType);
        if (family == null) {
            throw new ConfigException(source, "model_type: unsupported \"" + modelType + "\" (supported: "
                    + ModelFamily.supportedModelTypes() + ")"
                    + (modelType.equals("deberta") ? "; DeBERTa-V1 is not supported" : ""));
        }
        Fields f = new Fields(source, raw, family);
        ModelFamily.Defaults d = family.defaults();
        boolean deberta = family.isDeberta();
        vocabSize = f.boundedInt("vocab_size", d.vocabSize(), 1, MAX_VOCAB);
        hiddenSize = f.boundedInt("hidden_size", d.hiddenSize(), 1, MAX_WIDTH);
        numHiddenLayers = f.boundedInt("num_hidden_layers", d.layers(), 0, MAX_LAYERS);
        numAttentionHeads = f.boundedInt("num_attention_heads", d.heads(), 1, MAX_WIDTH);
        if (deberta && raw.has("attention_head_size")) {
            attentionHeadSize = f.boundedInt("attention_head_size", 0, 1, MAX_WIDTH);
        } else {
            if (hiddenSize % numAttentionHeads != 0) {
                throw new ConfigException(source, "hidden_size (" + hiddenSize
                        + ") is not a multiple of num_attention_heads (" + numAttentionHeads + ")");
            }
            attentionHeadSize = hiddenSize / numAttentionHeads;
        }
        intermediateSize = f.boundedInt("intermediate_size", d.intermediateSize(), 1, MAX_INTERMEDIATE);
        hiddenAct = f.activation("hidden_act", "gelu");
        hiddenDropoutProb = f.probability("hidden_dropout_prob", 0.1);
        attentionProbsDropoutProb = f.probability("attention_probs_dropout_prob", 0.1);
        maxPositionEmbeddings = f.boundedInt("max_position_embeddings", d.maxPositions(), 1, MAX_POSITIONS);
        typeVocabSize = family == ModelFamily.DISTILBERT ? 0
                : f.boundedInt("type_vocab_size", d.typeVocabSize(), 0, MAX_VOCAB);
        initializerRange = f.number("initializer_range", 0.02);
        // DistilBERT's LayerNorms are built with eps 1e-12 whatever the config says.
        layerNormEps = family == ModelFamily.DISTILBERT ? 1e-12 : f.layerNormEps(d.layerNormEps());
        padTokenId = f.integer("pad_token_id", d.padTokenId());
        if (!deberta) {
            String positions = f.string("position_embedding_type", "absolute");
            if (!positions.equals("absolute")) {
                throw new ConfigException(source, "position_embedding_type: only \"absolute\" is supported, found \""
                        + positions + "\"");
            }
        }
        relativeAttention = deberta && f.bool("relative_attention", false);
        maxRelativePositionsRaw = deberta ? f.integer("max_relative_positions", -1) : -1;
        positionBuckets = deberta ? f.integer("position_buckets", -1) : -1;
        positionBiasedInput = !deberta || f.bool("position_biased_input", true);
        posAttType = deberta ? f.posAttType() : List.of();
        normRelEbd = deberta ? f.normRelEbd() : List.of("none");
        shareAttKey = deberta && f.bool("share_att_key", false);
        embeddingSize = deberta || family == ModelFamily.ELECTRA
                ? f.boundedInt("embedding_size", d.embeddingSize() > 0 ? d.embeddingSize() : hiddenSize, 1, MAX_WIDTH)
                : hiddenSize;
        convKernelSize = deberta ? f.boundedInt("conv_kernel_size", 0, 0, MAX_CONV_KERNEL) : 0;
        convAct = deberta ? f.activation("conv_act", "tanh") : "tanh";
        convGroups = deberta ? f.boundedInt("conv_groups", 1, 1, MAX_WIDTH) : 1;
        poolerHiddenSize = deberta ? f.boundedInt("pooler_hidden_size", hiddenSize, 1, MAX_WIDTH) : hiddenSize;
        // The classification head's dense -> activation -> classifier, as each family's model class builds it.
        poolerHiddenAct = switch (family) {
            case DEBERTA_V2 -> f.activation("pooler_hidden_act", "gelu");
            case BERT, ROBERTA, XLM_ROBERTA -> "tanh";
            case ELECTRA -> "gelu";
            case DISTILBERT -> "relu";
        };
        double classifierDropout = family == ModelFamily.DISTILBERT ? f.probability("seq_classif_dropout", 0.2)
                : f.probability("classifier_dropout", hiddenDropoutProb);
        // Dropout before the head's dense: DeBERTa's pooler_dropout; ELECTRA and RoBERTa drop before it too.
        poolerDropout = switch (family) {
            case DEBERTA_V2 -> f.probability("pooler_dropout", 0.0);
            case ELECTRA, ROBERTA, XLM_ROBERTA -> classifierDropout;
            case BERT, DISTILBERT -> 0.0;
        };
        clsDropout = deberta ? f.probability("cls_dropout", hiddenDropoutProb) : classifierDropout;
        problemType = f.problemType();
        architectures = f.stringList("architectures");
        id2label = f.id2label();
        label2id = f.label2id(id2label);
        numLabels = id2label.size();

        if (positionBuckets > MAX_POSITIONS || maxRelativePositionsRaw > MAX_POSITIONS) {
            throw new ConfigException(source, "position_buckets / max_relative_positions: expected at most "
                    + MAX_POSITIONS + ", found " + positionBuckets + " / " + maxRelativePositionsRaw);
        }
        checkTensorSizes();
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new ConfigException(source, "pad_token_id: expected 0 <= id < vocab_size (" + vocabSize
                    + "), found " + padTokenId);
        }
        if (convKernelSize > 0 && convKernelSize % 2 == 0) {
            throw new ConfigException(source, "conv_kernel_size: expected an odd size (transformers pads by "
                    + "(k-1)/2, so even kernels change the sequence length), found " + convKernelSize);
        }
        if (convKernelSize > 0 && hiddenSize % convGroups != 0) {
            throw new ConfigException(source, "conv_groups (" + convGroups + ") does not divide hidden_size ("
                    + hiddenSize + ")");
        }
        if (relativeAttention && positionBuckets > 0 && positionBuckets < 2) {
            throw new ConfigException(source, "position_buckets: expected -1 or >= 2, found " + positionBuckets);
        }
        if (relativeAttention && positionBuckets > 0 && maxRelativePositions() <= positionBuckets / 2 + 1) {
            throw new ConfigException(source, "max_relative_positions (" + maxRelativePositions()
                    + ") must exceed position_buckets/2 + 1 (" + (positionBuckets / 2 + 1)
                    + ") for log-bucketed positions");
        }
    }

    public static DebertaConfig load(Path file) {
        Path f = Files.isDirectory(file) ? file.resolve("config.json") : file;
        if (!Files.isRegularFile(f)) {
            throw new ConfigException(f, "no such file (a model directory needs config.json)");
        }
        try {
            JsonNode node = SmallJson.parse(Files.readAllBytes(f));
            if (node == null || !node.isObject()) {
                throw new ConfigException(f, "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType()));
            }
            return new DebertaConfig(f, (ObjectNode) node);
        } catch (IOException e) {
            throw new ConfigException(f, "not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    public static DebertaConfig parse(String json) {
        try {
            JsonNode node = SmallJson.parse(json, false);
            if (node == null || !node.isObject()) throw new ConfigException(null, "expected a JSON object");
            return new DebertaConfig(null, (ObjectNode) node);
        } catch (IOException e) {
            throw new ConfigException(null, "not valid JSON: " + e.getMessage(), e);
        }
    }

    public static DebertaConfig fromJson(ObjectNode json) {
        return new DebertaConfig(null, json.deepCopy());
    }

    /** A copy with some fields replaced (e.g. num_labels for a new head); values are JSON-compatible objects. */
    public DebertaConfig with(Map<String, Object> overrides) {
        ObjectNode copy = raw.deepCopy();
        for (var e : overrides.entrySet()) {
            copy.set(e.getKey(), Mapper.JSON.valueToTree(e.getValue()));
        }
        if (overrides.containsKey("num_labels") && !overrides.containsKey("id2label")) {
            int n = ((Number) overrides.get("num_labels")).intValue();
            ObjectNode id2 = copy.putObject("id2label");
            ObjectNode l2i = copy.putObject("label2id");
            for (int i = 0; i < n; i++) {
                id2.put(Integer.toString(i), "LABEL_" + i);
                l2i.put("LABEL_" + i, i);
            }
            copy.remove("num_labels");
        }
        return new DebertaConfig(source, copy);
    }

    /** The file this config came from, or null. */
    public Path source() {
        return source;
    }

    /** The JSON as read (a copy), for writing the config back out. */
    public ObjectNode toJson() {
        return raw.deepCopy();
    }

    public String toJsonString() {
        try {
            return Mapper.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The longest input the model accepts: max_position_embeddings when it adds absolute position embeddings
     * (position_biased_input), otherwise unlimited, as in transformers, where relative distances beyond
     * max_relative_positions saturate in the log buckets.
     */
    public int maxSequenceLength() {
        if (!positionBiasedInput) return Integer.MAX_VALUE;
        return maxPositionEmbeddings - family.positionOffset(padTokenId);   // RoBERTa: 514 rows hold 512 tokens
    }

    /** @throws IllegalArgumentException naming the limit when {@code length} exceeds {@link #maxSequenceLength()} */
    public void requireSequenceLength(int length) {
        if (length > maxSequenceLength()) {
            if (family.isDeberta()) {
                throw new IllegalArgumentException("sequence length " + length + " exceeds max_position_embeddings "
                        + maxPositionEmbeddings + " of this model (it adds absolute position embeddings: "
                        + "position_biased_input=true); split or truncate the input");
            }
            throw new IllegalArgumentException("sequence length " + length + " exceeds the " + maxSequenceLength()
                    + " positions of this model (max_position_embeddings " + maxPositionEmbeddings
                    + "); split or truncate the input");
        }
    }

    /** max_relative_positions, or max_position_embeddings when it is below 1 (as transformers resolves it). */
    public int maxRelativePositions() {
        return maxRelativePositionsRaw < 1 ? maxPositionEmbeddings : maxRelativePositionsRaw;
    }

    /** Half the number of relative embeddings attention uses: position_buckets if > 0, else max_relative_positions. */
    public int attentionSpan() {
        return positionBuckets > 0 ? positionBuckets : maxRelativePositions();
    }

    /** Rows of encoder.rel_embeddings.weight. */
    public int relEmbeddingRows() {
        return 2 * attentionSpan();
    }

    public boolean c2p() {
        return posAttType.contains("c2p");
    }

    public boolean p2c() {
        return posAttType.contains("p2c");
    }

    public boolean normRelEmbeddingsWithLayerNorm() {
        return normRelEbd.contains("layer_norm");
    }

    public int allHeadSize() {
        return numAttentionHeads * attentionHeadSize;
    }

    /** Attention scale sqrt(head_size * (1 + c2p + p2c)), as DisentangledSelfAttention computes it. */
    public double attentionScale() {
        int factor = 1 + (c2p() ? 1 : 0) + (p2c() ? 1 : 0);
        return Math.sqrt((double) attentionHeadSize * factor);
    }

    public boolean isRegression() {
        return "regression".equals(problemType) || (problemType == null && numLabels == 1);
    }

    /** Reads the fields of one config, each with a precise error on a wrong type or value. */
    /** Every weight the config implies must fit one array; products are taken in long before anything is sized. */
    private void checkTensorSizes() {
        long classifierRows = Math.max(numLabels, 1);
        checkProduct("vocab_size x embedding_size", vocabSize, embeddingSize);
        checkProduct("max_position_embeddings x embedding_size", maxPositionEmbeddings, embeddingSize);
        checkProduct("type_vocab_size x embedding_size", typeVocabSize, embeddingSize);
        checkProduct("embedding_size x hidden_size", embeddingSize, hiddenSize);
        checkProduct("num_attention_heads x attention_head_size x hidden_size",
                (long) numAttentionHeads * attentionHeadSize, hiddenSize);
        checkProduct("intermediate_size x hidden_size", intermediateSize, hiddenSize);
        checkProduct("num_labels x pooler_hidden_size", classifierRows, Math.max(poolerHiddenSize, hiddenSize));
        checkProduct("hidden_size x hidden_size / conv_groups x conv_kernel_size",
                (long) hiddenSize * (hiddenSize / convGroups), convKernelSize);
        if (relativeAttention) checkProduct("relative embeddings x hidden_size", (long) relEmbeddingRows(), hiddenSize);
    }

    private void checkProduct(String what, long a, long b) {
        long n = a * b; // both factors are below 2^32 here, so the long product cannot overflow
        if (n > MAX_TENSOR_ELEMENTS) {
            throw new ConfigException(source, what + " = " + n + " elements: a weight of that size cannot be held"
                    + " (at most " + MAX_TENSOR_ELEMENTS + " per tensor)");
        }
    }

    private record Fields(Path file, ObjectNode raw, ModelFamily family) {
        private JsonNode present(String name) {
            JsonNode n = raw.get(name);
            if (n == null || n.isNull()) n = raw.get(family.configKey(name));
            return n == null || n.isNull() ? null : n;
        }

        private ConfigException wrong(String name, String expected, JsonNode found) {
            return new ConfigException(file, name + ": expected " + expected + ", found " + found);
        }

        int integer(String name, int dflt) {
            JsonNode n = present(name);
            if (n == null) return dflt;
            if (n.isIntegralNumber() && n.canConvertToInt()) return n.intValue();
            if (n.isFloatingPointNumber() && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) return (int) n.doubleValue();
            throw wrong(name, "an integer", n);
        }

        int positiveInt(String name, int dflt) {
            int v = integer(name, dflt);
            if (v <= 0) throw wrong(name, "a positive integer", raw.get(name));
            return v;
        }

        int boundedInt(String name, int dflt, int min, int max) {
            JsonNode n = present(name);
            if (n != null && n.isNumber() && (n.doubleValue() < min || n.doubleValue() > max)) {
                throw wrong(name, "an integer in [" + min + ", " + max + "]", n);
            }
            int v = integer(name, dflt);
            if (v < min || v > max) throw wrong(name, "an integer in [" + min + ", " + max + "]", raw.get(name));
            return v;
        }

        /**
         * transformers passes layer_norm_eps to nn.LayerNorm unchecked; a negative or non-finite eps makes
         * sqrt(var + eps) NaN on low-variance rows, so deberta4j refuses it instead of producing NaN outputs.
         */
        double layerNormEps(double dflt) {
            double v = number("layer_norm_eps", dflt);
            if (!(v >= 0) || Double.isInfinite(v)) throw wrong("layer_norm_eps", "a finite number >= 0", raw.get("layer_norm_eps"));
            return v;
        }

        int nonNegativeInt(String name, int dflt) {
            int v = integer(name, dflt);
            if (v < 0) throw wrong(name, "an integer >= 0", raw.get(name));
            return v;
        }

        double number(String name, double dflt) {
            JsonNode n = present(name);
            if (n == null) return dflt;
            if (!n.isNumber()) throw wrong(name, "a number", n);
            return n.doubleValue();
        }

        double probability(String name, double dflt) {
            double v = number(name, dflt);
            if (!(v >= 0 && v < 1)) throw wrong(name, "a probability in [0, 1)", raw.get(name));
            return v;
        }

        boolean bool(String name, boolean dflt) {
            JsonNode n = present(name);
            if (n == null) return dflt;
            if (!n.isBoolean()) throw wrong(name, "true or false", n);
            return n.booleanValue();
        }

        String string(String name, String dflt) {
            JsonNode n = present(name);
            if (n == null) return dflt;
            if (!n.isTextual()) throw wrong(name, "a string", n);
            return n.textValue();
        }

        String activation(String name, String dflt) {
            String v = string(name, dflt);
            if (!SUPPORTED_ACTIVATIONS.contains(v)) {
                throw new ConfigException(file, name + ": unsupported activation \"" + v + "\" (supported: "
                        + String.join(", ", new java.util.TreeSet<>(SUPPORTED_ACTIVATIONS)) + ")");
            }
            return v;
        }

        /** pos_att_type: a list, or a "p2c|c2p" string, lower-cased as transformers does. */
        List<String> posAttType() {
            JsonNode n = present("pos_att_type");
            List<String> out = new ArrayList<>();
            if (n == null) return List.of();
            if (n.isTextual()) {
                for (String s : n.textValue().toLowerCase(Locale.ROOT).split("\\|")) {
                    if (!s.isBlank()) out.add(s.strip());
                }
            } else if (n.isArray()) {
                for (JsonNode e : n) {
                    if (!e.isTextual()) throw wrong("pos_att_type", "a list of strings", n);
                    out.add(e.textValue().toLowerCase(Locale.ROOT).strip());
                }
            } else {
                throw wrong("pos_att_type", "a list such as [\"p2c\", \"c2p\"] or a string \"p2c|c2p\"", n);
            }
            for (String s : out) {
                if (!s.equals("c2p") && !s.equals("p2c")) {
                    throw new ConfigException(file, "pos_att_type: unsupported entry \"" + s
                            + "\" (supported: c2p, p2c)");
                }
            }
            return List.copyOf(out);
        }

        List<String> normRelEbd() {
            String v = string("norm_rel_ebd", "none");
            List<String> out = new ArrayList<>();
            for (String s : v.toLowerCase(Locale.ROOT).split("\\|")) {
                String t = s.strip();
                if (!t.equals("none") && !t.equals("layer_norm")) {
                    throw new ConfigException(file, "norm_rel_ebd: unsupported entry \"" + t
                            + "\" (supported: none, layer_norm)");
                }
                out.add(t);
            }
            return List.copyOf(out);
        }

        List<String> stringList(String name) {
            JsonNode n = present(name);
            if (n == null) return List.of();
            if (!n.isArray()) throw wrong(name, "a list of strings", n);
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) throw wrong(name, "a list of strings", n);
                out.add(e.textValue());
            }
            return List.copyOf(out);
        }

        String problemType() {
            String v = string("problem_type", null);
            if (v != null && !Set.of("regression", "single_label_classification", "multi_label_classification").contains(v)) {
                throw new ConfigException(file, "problem_type: expected regression, single_label_classification or "
                        + "multi_label_classification, found \"" + v + "\"");
            }
            return v;
        }

        /** id2label if present, else num_labels (default 2) generic labels, as PretrainedConfig does. */
        Map<Integer, String> id2label() {
            JsonNode n = present("id2label");
            TreeMap<Integer, String> map = new TreeMap<>();
            if (n != null) {
                if (!n.isObject()) throw wrong("id2label", "an object {\"0\": \"label\", ...}", n);
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    var e = it.next();
                    int id;
                    try {
                        id = Integer.parseInt(e.getKey());
                    } catch (NumberFormatException ex) {
                        throw new ConfigException(file, "id2label: key \"" + e.getKey() + "\" is not an integer");
                    }
                    if (!e.getValue().isTextual()) throw wrong("id2label." + e.getKey(), "a string", e.getValue());
                    map.put(id, e.getValue().textValue());
                }
                for (int i = 0; i < map.size(); i++) {
                    if (!map.containsKey(i)) {
                        throw new ConfigException(file, "id2label: ids must be 0.." + (map.size() - 1)
                                + ", missing " + i);
                    }
                }
                JsonNode nl = present("num_labels");
                if (nl != null && nl.asInt() != map.size()) {
                    throw new ConfigException(file, "num_labels (" + nl.asInt() + ") disagrees with id2label ("
                            + map.size() + " labels)");
                }
            } else {
                int n2 = boundedInt("num_labels", 2, 1, MAX_LABELS);
                for (int i = 0; i < n2; i++) map.put(i, "LABEL_" + i);
            }
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }

        Map<String, Integer> label2id(Map<Integer, String> id2label) {
            LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
            JsonNode n = present("label2id");
            if (n != null && n.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    var e = it.next();
                    out.put(e.getKey(), e.getValue().asInt());
                }
            } else {
                id2label.forEach((id, label) -> out.put(label, id));
            }
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /** Builds the JSON of a new config from values (used by tests, `init` and `bench`). */
    public static ObjectNode newJson() {
        return newJson(ModelFamily.DEBERTA_V2);
    }

    /** A new config of the given family, holding only its model_type. */
    public static ObjectNode newJson(ModelFamily family) {
        ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("model_type", family.modelType());
        return n;
    }
}
