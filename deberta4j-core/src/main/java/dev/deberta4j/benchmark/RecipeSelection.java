package dev.deberta4j.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code --recipe auto}: the recipe the original papers used for a model, found from its name (the {@code --model}
 * argument, else config.json's {@code _name_or_path}) and, for a model of no known name, from config.json's
 * {@code model_type} and size. DeBERTa and unknown names follow KoELECTRA-base-v3's recipe, as the model card does.
 */
public final class RecipeSelection {
    public static final String AUTO = "auto";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A name fragment and its recipe; checked in order, so "distilkobert" before "kobert". */
    private record NameRule(String fragment, String recipe) {}

    private static final List<NameRule> NAME_RULES = List.of(
            new NameRule("distilkobert", "distilkobert"),
            new NameRule("kobert", "kobert"),
            new NameRule("kcbert-large", "kcbert-large"),
            new NameRule("kcbert", "kcbert"),
            new NameRule("koelectra-small", "koelectra-small-v3"),
            new NameRule("koelectra", "koelectra"),
            new NameRule("xlm-roberta", "xlm-roberta"),
            new NameRule("xlmroberta", "xlm-roberta"));

    private RecipeSelection() {}

    /**
     * The recipe for a model.
     *
     * @param modelName the {@code --model} argument (directory or Hub id), or null
     * @param modelDir  the model directory; its config.json is read when present
     */
    public static String select(String modelName, Path modelDir) {
        JsonNode config = readConfig(modelDir);
        String byName = byName(modelName);
        if (byName == null && config != null) byName = byName(config.path("_name_or_path").asText(null));
        if (byName != null) return byName;
        if (config == null) return "koelectra";
        return byType(config.path("model_type").asText(""), config.path("hidden_size").asInt(0));
    }

    static String byName(String name) {
        if (name == null) return null;
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (NameRule r : NAME_RULES) if (n.contains(r.fragment())) return r.recipe();
        return null;
    }

    /** Architecture defaults: the card's model of that type (BERT: KcBERT, by size; ELECTRA: KoELECTRA-v3). */
    static String byType(String modelType, int hiddenSize) {
        return switch (modelType) {
            case "xlm-roberta", "roberta" -> "xlm-roberta";
            case "distilbert" -> "distilkobert";
            case "bert" -> hiddenSize >= 1024 ? "kcbert-large" : "kcbert";
            case "electra" -> hiddenSize > 0 && hiddenSize <= 256 ? "koelectra-small-v3" : "koelectra";
            default -> "koelectra";
        };
    }

    private static JsonNode readConfig(Path modelDir) {
        if (modelDir == null) return null;
        Path file = modelDir.resolve("config.json");
        if (!Files.isRegularFile(file)) return null;
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not readable as JSON: " + e.getMessage(), e);
        }
    }
}
