package dev.deberta4j.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The model card's reference rows (model-card-scores.json): label to task name to score as a fraction. */
public final class ModelCardScores {
    public static final String RESOURCE = "model-card-scores.json";

    private ModelCardScores() {
    }

    public static Map<String, Map<String, Double>> rows() {
        try (InputStream in = ModelCardScores.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
            JsonNode rows = new ObjectMapper().readTree(in).path("rows");
            Map<String, Map<String, Double>> out = new LinkedHashMap<>();
            rows.fieldNames().forEachRemaining(label -> {
                Map<String, Double> scores = new LinkedHashMap<>();
                rows.get(label).fieldNames().forEachRemaining(t -> scores.put(t, rows.get(label).get(t).asDouble()));
                out.put(label, scores);
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
