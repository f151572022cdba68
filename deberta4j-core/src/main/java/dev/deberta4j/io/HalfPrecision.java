package dev.deberta4j.io;

/**
 * Conversions between float32 and the two 16-bit formats checkpoints use. Narrowing rounds to nearest, ties to
 * even, exactly as torch's {@code .half()} and {@code .bfloat16()} do; widening is exact.
 */
public final class HalfPrecision {
    private HalfPrecision() {
    }

    /** IEEE binary16 bits to float32 (exact). */
    public static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** float32 to IEEE binary16 bits, round-to-nearest-even; overflow gives infinity, NaN stays NaN. */
    public static short floatToF16(float value) {
        return Float.floatToFloat16(value);
    }

    /** bfloat16 bits to float32 (exact: bfloat16 is the top half of a float32). */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * float32 to bfloat16 bits, round-to-nearest-even on the dropped 16 bits. NaN becomes the quiet NaN 0x7FC0,
     * as in torch (truncating a NaN could otherwise produce an infinity).
     */
    public static short floatToBf16(float value) {
        if (Float.isNaN(value)) {
            return (short) 0x7FC0;
        }
        int bits = Float.floatToRawIntBits(value);
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
