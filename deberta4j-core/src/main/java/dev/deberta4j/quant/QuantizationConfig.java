package dev.deberta4j.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.ConfigException;
import dev.deberta4j.config.DebertaConfig;

/**
 * The {@code deberta4j_quantization} entry the {@link Quantizer} writes into config.json:
 * {@code {"weight_dtype": "int4", "group_size": 32}}. Loading checks the stored tensors against it. It is not
 * transformers' {@code quantization_config} (transformers would refuse an unknown quant_method), so float16 and
 * bfloat16 directories stay loadable by transformers; it is also what makes float16/bfloat16 linear weights stay in
 * 16 bits when loaded (other half-precision checkpoints are widened to float32, as before).
 *
 * @param format    the dtype of the backbone's linear weights
 * @param groupSize int4 group size (0 for the other formats)
 */
public record QuantizationConfig(WeightFormat format, int groupSize) {
    public static final String KEY = "deberta4j_quantization";

    /** The entry as written to config.json. */
    public ObjectNode toJson(ObjectNode config) {
        ObjectNode q = config.putObject(KEY);
        q.put("weight_dtype", format.cliName());
        if (format == WeightFormat.INT4) q.put("group_size", groupSize);
        return config;
    }

    /**
     * The config's deberta4j_quantization entry, or null when it has none.
     *
     * @throws ConfigException naming the field when the entry is malformed
     */
    public static QuantizationConfig of(DebertaConfig config) {
        JsonNode q = config.toJson().get(KEY);
        if (q == null) {
            return null;
        }
        if (!q.isObject()) {
            throw new ConfigException(config.source(), KEY + ": expected an object, found " + q);
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
