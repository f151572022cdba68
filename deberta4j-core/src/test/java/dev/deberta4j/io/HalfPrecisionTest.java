package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HalfPrecisionTest {

    @Test
    void f16RoundsToNearestEven() {
        float ulp = 0x1p-10f; // spacing of float16 just above 1.0
        assertThat(HalfPrecision.floatToF16(1f + ulp / 2)).isEqualTo((short) 0x3C00);          // tie -> even (1.0)
        assertThat(HalfPrecision.floatToF16(1f + 3 * ulp / 2)).isEqualTo((short) 0x3C02);      // tie -> even (1+2ulp)
        assertThat(HalfPrecision.floatToF16(Math.nextUp(1f + ulp / 2))).isEqualTo((short) 0x3C01);
        assertThat(HalfPrecision.floatToF16(65519.99f)).isEqualTo((short) 0x7BFF);            // max finite
        assertThat(HalfPrecision.floatToF16(65520f)).isEqualTo((short) 0x7C00);               // overflows to +inf
        assertThat(HalfPrecision.floatToF16(0x1p-24f)).isEqualTo((short) 0x0001);             // smallest subnormal
        assertThat(HalfPrecision.floatToF16(0x1p-25f)).isEqualTo((short) 0x0000);             // tie -> even (0)
        assertThat(HalfPrecision.floatToF16(-0f)).isEqualTo((short) 0x8000);
        assertThat(Float.isNaN(HalfPrecision.f16ToFloat(HalfPrecision.floatToF16(Float.NaN)))).isTrue();
    }

    @Test
    void bf16RoundsToNearestEvenAndKeepsNaN() {
        float ulp = 0x1p-7f; // spacing of bfloat16 just above 1.0
        assertThat(HalfPrecision.floatToBf16(1f + ulp / 2)).isEqualTo((short) 0x3F80);
        assertThat(HalfPrecision.floatToBf16(1f + 3 * ulp / 2)).isEqualTo((short) 0x3F82);
        assertThat(HalfPrecision.floatToBf16(Math.nextUp(1f + ulp / 2))).isEqualTo((short) 0x3F81);
        assertThat(HalfPrecision.floatToBf16(Float.MAX_VALUE)).isEqualTo((short) 0x7F80);      // rounds up to +inf
        assertThat(HalfPrecision.floatToBf16(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xFF80);
        assertThat(HalfPrecision.floatToBf16(Float.intBitsToFloat(0x7F80_0001))).isEqualTo((short) 0x7FC0);
        assertThat(HalfPrecision.floatToBf16(Float.NaN)).isEqualTo((short) 0x7FC0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0x7BFF, 0x7C00, 0x8001, 0xC000, 0xFBFF})
    void widenThenNarrowIsIdentity(int bits) {
        short s = (short) bits;
        assertThat(HalfPrecision.floatToF16(HalfPrecision.f16ToFloat(s))).isEqualTo(s);
        assertThat(HalfPrecision.floatToBf16(HalfPrecision.bf16ToFloat(s))).isEqualTo(s);
    }

    /** HF cast the float32 model with round-to-nearest-even; our rounding must reproduce every stored value. */
    @Test
    void fixtureHalfFilesAreTheRoundedFloat32Weights() {
        try (SafetensorsFile f32 = SafetensorsFile.open(Fixtures.path("v2-tokentype-abs-pos/model.safetensors"));
             SafetensorsFile f16 = SafetensorsFile.open(Fixtures.path("v2-tokentype-abs-pos/formats/fp16/model.safetensors"));
             SafetensorsFile bf16 = SafetensorsFile.open(Fixtures.path("v2-tokentype-abs-pos/formats/bf16/model.safetensors"))) {
            assertThat(f16.names()).isEqualTo(f32.names());
            assertThat(bf16.names()).isEqualTo(f32.names());
            int differing = 0;
            for (String name : f32.names()) {
                float[] exact = f32.readFloats(name);
                float[] half = f16.readFloats(name);
                float[] brain = bf16.readFloats(name);
                for (int i = 0; i < exact.length; i++) {
                    assertThat(half[i]).as(name + "[" + i + "] f16")
                            .isEqualTo(HalfPrecision.f16ToFloat(HalfPrecision.floatToF16(exact[i])));
                    assertThat(brain[i]).as(name + "[" + i + "] bf16")
                            .isEqualTo(HalfPrecision.bf16ToFloat(HalfPrecision.floatToBf16(exact[i])));
                    if (half[i] != exact[i]) {
                        differing++;
                    }
                }
            }
            assertThat(differing).as("the half file really is rounded").isGreaterThan(1000);
        }
    }
}
