package dev.deberta4j.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.ConfigException;
import dev.deberta4j.config.DebertaConfig;

/**
 * The {@code quantization_config} entry the {@link Quantizer} writes into config.json for int8 and int4
 * directories: {@code {"quant_method": "deberta4j", "weight_dtype": "int4", "group_size": 32}}. Loading checks the
 * stored tensors against it (float16 and bfloat16 directories are plain checkpoints and carry none).
 *
 * @param format    the dtype of the backbone's linear weights
 * @param groupSize int4 group size (0 for the other formats)
 */
public record QuantizationConfig(WeightFormat format, int groupSize) {
    public static final String KEY = "quantization_config";
    public static final String METHOD = "deberta4j";

    /** The entry as written to config.json. */
    public ObjectNode toJson(ObjectNode config) {
        ObjectNode q = config.putObject(KEY);
        q.put("quant_method", METHOD);
        q.put("weight_dtype", format.cliName());
        if (format == WeightFormat.INT4) q.put("group_size", groupSize);
        return config;
    }

    /**
     * The config's deberta4j quantization entry, or null when it has none.
     *
     * @throws ConfigException naming the field when the entry is malformed
     */
    public static QuantizationConfig of(DebertaConfig config) {
        JsonNode q = config.toJson().get(KEY);
        if (q == null || !METHOD.equals(q.path("quant_method").asText())) {
            return null;
        }
        WeightFormat format;
        try {
            format = WeightFormat.parse(q.path("weight_dtype").asText(null));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.source(), KEY + ".weight_dtype: " + e.getMessage());
        }
        JsonNode group = q.get("group_size");
        if (format == WeightFormat.INT4 && (group == null || !group.canConvertToInt() || group.asInt() <= 0)) {
            throw new ConfigException(config.source(), KEY + ".group_size: expected a positive integer for int4, found "
                    + group);
        }
        return new QuantizationConfig(format, format == WeightFormat.INT4 ? group.asInt() : 0);
    }
}
