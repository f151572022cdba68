package dev.deberta4j.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The encoder architectures deberta4j runs, keyed by config.json's {@code model_type}. A family is what differs
 * between them: its config keys and defaults (transformers' config classes), its weight names, its embeddings
 * and how its attention treats padding. The encoder layers, kernels and loaders are shared.
 *
 * <p>Modules ask for backbone weights under DeBERTa-V2's names ({@code encoder.layer.0.attention.self.query_proj});
 * {@link #weightName} gives the family's own name for it, exactly as transformers' state_dict has it.
 */
public enum ModelFamily {
    DEBERTA_V2("deberta-v2", "DebertaV2", "deberta"),
    BERT("bert", "Bert", "bert"),
    ELECTRA("electra", "Electra", "electra"),
    ROBERTA("roberta", "Roberta", "roberta"),
    XLM_ROBERTA("xlm-roberta", "XLMRoberta", "roberta"),
    DISTILBERT("distilbert", "DistilBert", "distilbert");

    private final String modelType;
    private final String classPrefix;
    private final String baseModelPrefix;

    ModelFamily(String modelType, String classPrefix, String baseModelPrefix) {
        this.modelType = modelType;
        this.classPrefix = classPrefix;
        this.baseModelPrefix = baseModelPrefix;
    }

    /** config.json's model_type. */
    public String modelType() {
        return modelType;
    }

    /** The prefix of transformers' class names: {@code Bert} in BertForSequenceClassification. */
    public String classPrefix() {
        return classPrefix;
    }

    /** transformers' base_model_prefix followed by a dot: how a task checkpoint names its backbone. */
    public String backbonePrefix() {
        return baseModelPrefix + ".";
    }

    public boolean isDeberta() {
        return this == DEBERTA_V2;
    }

    /** RoBERTa and XLM-RoBERTa: position ids count non-padding tokens from pad_token_id + 1. */
    public boolean positionsSkipPadding() {
        return this == ROBERTA || this == XLM_ROBERTA;
    }

    /**
     * DeBERTa multiplies the embedding output by the attention mask and gives padded queries all-zero attention
     * (XSoftmax); the BERT family only masks keys, so hidden states at padded positions are ordinary values.
     */
    public boolean zeroesPaddedPositions() {
        return this == DEBERTA_V2;
    }

    /** BERT and RoBERTa have a pooler (dense → tanh on the first token) in the backbone itself. */
    public boolean hasBackbonePooler() {
        return this == BERT || this == ROBERTA || this == XLM_ROBERTA;
    }

    /** ELECTRA applies the embedding LayerNorm at embedding_size, then projects with embeddings_project (biased). */
    public boolean normalisesBeforeProjection() {
        return this == ELECTRA;
    }

    /**
     * The first position id: 0, or pad_token_id + 1 for RoBERTa, whose position table has pad + 1 rows before the
     * first token's.
     */
    public int positionOffset(int padTokenId) {
        return positionsSkipPadding() ? padTokenId + 1 : 0;
    }

    public static ModelFamily fromModelType(String modelType) {
        for (ModelFamily f : values()) {
            if (f.modelType.equals(modelType)) return f;
        }
        return null;
    }

    /** The model_type values deberta4j reads, for error messages. */
    public static String supportedModelTypes() {
        return Arrays.stream(values()).map(f -> "\"" + f.modelType + "\"").collect(Collectors.joining(", "));
    }

    /** The family's state_dict name of a backbone weight named as DeBERTa-V2 names it (without any prefix). */
    public String weightName(String debertaName) {
        return switch (this) {
            case DEBERTA_V2 -> debertaName;
            case BERT, ELECTRA, ROBERTA, XLM_ROBERTA -> debertaName.replace("embeddings.embed_proj", "embeddings_project")
                    .replace("attention.self.query_proj", "attention.self.query")
                    .replace("attention.self.key_proj", "attention.self.key")
                    .replace("attention.self.value_proj", "attention.self.value");
            case DISTILBERT -> distilBertName(debertaName);
        };
    }

    private static final List<Map.Entry<String, String>> DISTILBERT_LAYER_NAMES = List.of(
            Map.entry("attention.self.query_proj", "attention.q_lin"),
            Map.entry("attention.self.key_proj", "attention.k_lin"),
            Map.entry("attention.self.value_proj", "attention.v_lin"),
            Map.entry("attention.output.dense", "attention.out_lin"),
            Map.entry("attention.output.LayerNorm", "sa_layer_norm"),
            Map.entry("intermediate.dense", "ffn.lin1"),
            Map.entry("output.dense", "ffn.lin2"),
            Map.entry("output.LayerNorm", "output_layer_norm"));

    private static String distilBertName(String name) {
        String layers = "encoder.layer.";
        if (!name.startsWith(layers)) return name;
        int dot = name.indexOf('.', layers.length());
        String local = name.substring(dot + 1);
        for (Map.Entry<String, String> e : DISTILBERT_LAYER_NAMES) {
            if (local.startsWith(e.getKey() + ".")) {
                local = e.getValue() + local.substring(e.getKey().length());
                break;
            }
        }
        return "transformer.layer." + name.substring(layers.length(), dot + 1) + local;
    }

    /** DistilBertConfig's own keys for the common fields (its attribute_map maps the common names to these). */
    String configKey(String name) {
        if (this != DISTILBERT) return name;
        return switch (name) {
            case "hidden_size" -> "dim";
            case "num_hidden_layers" -> "n_layers";
            case "num_attention_heads" -> "n_heads";
            case "intermediate_size" -> "hidden_dim";
            case "hidden_act" -> "activation";
            case "hidden_dropout_prob" -> "dropout";
            case "attention_probs_dropout_prob" -> "attention_dropout";
            default -> name;
        };
    }

    /** Defaults of the family's transformers config class, for the fields every family has. */
    Defaults defaults() {
        return switch (this) {
            case DEBERTA_V2 -> new Defaults(128100, 1536, 24, 24, 6144, 512, 0, 1e-7, 0, -1);
            case BERT -> new Defaults(30522, 768, 12, 12, 3072, 512, 2, 1e-12, 0, -1);
            case ELECTRA -> new Defaults(30522, 256, 12, 4, 1024, 512, 2, 1e-12, 0, 128);
            case ROBERTA, XLM_ROBERTA -> new Defaults(30522, 768, 12, 12, 3072, 512, 2, 1e-12, 1, -1);
            case DISTILBERT -> new Defaults(30522, 768, 6, 12, 3072, 512, 0, 1e-12, 0, -1);
        };
    }

    /** @param embeddingSize -1: hidden_size */
    record Defaults(int vocabSize, int hiddenSize, int layers, int heads, int intermediateSize, int maxPositions,
                    int typeVocabSize, double layerNormEps, int padTokenId, int embeddingSize) {
    }
}
