package dev.deberta4j.io;

/** Element types a checkpoint tensor can be stored in, with their safetensors codes and sizes in bytes. */
public enum DType {
    F64("F64", 8), F32("F32", 4), F16("F16", 2), BF16("BF16", 2),
    I64("I64", 8), I32("I32", 4), I16("I16", 2), I8("I8", 1), U8("U8", 1), BOOL("BOOL", 1);

    private final String code;
    private final int byteSize;

    DType(String code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The dtype string safetensors headers use ("F32", "BF16", ...). */
    public String safetensorsCode() {
        return code;
    }

    /** True for the types {@link TensorSource#readFloats} converts. */
    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /**
     * Parses a safetensors dtype code.
     *
     * @throws IllegalArgumentException naming the code and the supported ones
     */
    public static DType fromSafetensors(String code) {
        for (DType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype \"" + code + "\" (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
    }
}
