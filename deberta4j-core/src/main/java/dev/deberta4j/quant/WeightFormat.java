package dev.deberta4j.quant;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The forms a linear layer's weight matrix can be stored and computed in (see docs/quantization.md). */
public enum WeightFormat {
    FLOAT32("float32", 32), FLOAT16("float16", 16), BFLOAT16("bfloat16", 16), INT8("int8", 8), INT4("int4", 4);

    private final String cliName;
    private final int bits;

    WeightFormat(String cliName, int bits) {
        this.cliName = cliName;
        this.bits = bits;
    }

    /** The name the CLI and config.json use ("int8", ...). */
    public String cliName() {
        return cliName;
    }

    /** Bits per weight, scales not counted. */
    public int bits() {
        return bits;
    }

    /**
     * Parses a format name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the supported names
     */
    public static WeightFormat parse(String name) {
        for (WeightFormat f : values()) {
            if (f.cliName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown weight dtype '" + name + "' (expected one of "
                + Arrays.stream(values()).map(WeightFormat::cliName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
