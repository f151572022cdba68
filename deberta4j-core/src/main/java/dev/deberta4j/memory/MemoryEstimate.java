package dev.deberta4j.memory;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ParameterLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model costs before it is downloaded, counted from its config alone the way Hugging Face accelerate's
 * {@code estimate-memory} counts it: every parameter and buffer at its stored width (float32 weights, the int64
 * {@code position_ids} buffer), the largest leaf module ("largest layer or residual group"), the total, and
 * Adam training as four times the total; each lower precision divides the float32 bytes by its width ratio.
 *
 * @param totalBytes        float32 bytes of all parameters and buffers
 * @param largestLayerBytes float32 bytes of the largest leaf module
 * @param largestLayerName  its module name, e.g. {@code embeddings.word_embeddings}
 */
public record MemoryEstimate(long totalBytes, long largestLayerBytes, String largestLayerName) {

    /** A row of the card's table for one dtype. */
    public record Row(String dtype, double largestLayerBytes, double totalBytes, double adamTrainingBytes) {
    }

    /** The dtypes accelerate knows, with the divisor of the float32 size. */
    public enum Precision {
        FLOAT32("float32", 1), FLOAT16("float16/bfloat16", 2), INT8("int8", 4), INT4("int4", 8);

        final String label;
        final int divisor;

        Precision(String label, int divisor) {
            this.label = label;
            this.divisor = divisor;
        }

        public String label() {
            return label;
        }

        public static Precision parse(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "float32", "fp32" -> FLOAT32;
                case "float16", "fp16", "bfloat16", "bf16" -> FLOAT16;
                case "int8" -> INT8;
                case "int4" -> INT4;
                default -> throw new IllegalArgumentException("unknown dtype '" + name
                        + "' (expected float32, float16, bfloat16, int8 or int4)");
            };
        }
    }

    public static MemoryEstimate of(DebertaConfig config, HeadType head) {
        long total = 0;
        java.util.Map<String, Long> byModule = new java.util.LinkedHashMap<>();
        for (ParameterLayout.Entry e : ParameterLayout.of(config, head).entries()) {
            long bytes = e.numel() * (e.buffer() ? Long.BYTES : Float.BYTES);
            total += bytes;
            if (!e.buffer()) byModule.merge(leafModule(e.name()), bytes, Long::sum);
        }
        String largest = "";
        long largestBytes = 0;
        for (var m : byModule.entrySet()) {
            if (m.getValue() > largestBytes) {
                largest = m.getKey();
                largestBytes = m.getValue();
            }
        }
        return new MemoryEstimate(total, largestBytes, largest);
    }

    /** A parameter's module: its name without the last component (cls.predictions.bias belongs to cls.predictions). */
    private static String leafModule(String parameter) {
        int dot = parameter.lastIndexOf('.');
        return dot < 0 ? "" : parameter.substring(0, dot);
    }

    public List<Row> rows(List<Precision> precisions) {
        List<Row> rows = new ArrayList<>();
        for (Precision p : precisions) {
            double t = (double) totalBytes / p.divisor;
            rows.add(new Row(p.label, (double) largestLayerBytes / p.divisor, t, 4 * t));
        }
        return rows;
    }
}
