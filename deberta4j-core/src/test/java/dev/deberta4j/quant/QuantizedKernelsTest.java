package dev.deberta4j.quant;

import dev.deberta4j.io.HalfPrecision;
import dev.deberta4j.quant.HalfPrecisionMatrix.Format;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kernels of every compact form against a float64 product with the same (widened) weights, for row counts on
 * all three kernels (direct 1-2, widened tiles 3-64, widened GEMM blocks above), odd sizes (vector tails, partial blocks) and with and without
 * bias; and the quantizers' rounding error bounds.
 */
class QuantizedKernelsTest {
    static Stream<Arguments> formatsAndRows() {
        return Stream.of(WeightFormat.FLOAT16, WeightFormat.BFLOAT16, WeightFormat.INT8, WeightFormat.INT4)
                .flatMap(f -> Stream.concat(Stream.of(1, 2, 3, 4, 5, 37, 70).map(m -> Arguments.of(f, m, 133)),
                        Stream.of(Arguments.of(f, 70, 600))));     // 600 rows: GEMM blocks larger than 64 rows
    }

    static QuantizedLinear build(WeightFormat format, float[] w, int rows, int cols) {
        return switch (format) {
            case FLOAT16 -> HalfPrecisionMatrix.round(Format.FLOAT16, w, rows, cols);
            case BFLOAT16 -> HalfPrecisionMatrix.round(Format.BFLOAT16, w, rows, cols);
            case INT8 -> QuantizedInt8Matrix.quantize(w, rows, cols);
            case INT4 -> QuantizedInt4Matrix.quantize(w, rows, cols, 32);
            case FLOAT32 -> throw new IllegalArgumentException();
        };
    }

    @ParameterizedTest(name = "{0} m={1} rows={2}")
    @MethodSource("formatsAndRows")
    void linearMatchesFloat64ProductOfTheStoredWeights(WeightFormat format, int m, int rows) {
        // 133 rows: full and partial blocks of 8 (tiles) and of 64 (GEMM blocks), an odd last tile pair
        int cols = format == WeightFormat.INT4 ? 96 : 101;        // 101: vector tails
        SplittableRandom r = new SplittableRandom(format.ordinal() * 31L + m);
        float[] w = gaussian(r, rows * cols, 0.05);
        float[] x = gaussian(r, m * cols, 1.0);
        float[] bias = gaussian(r, rows, 0.1);
        QuantizedLinear q = build(format, w, rows, cols);
        float[] stored = q.toFloat();
        for (float[] b : new float[][]{null, bias}) {
            float[] y = new float[m * rows];
            q.linear(x, m, b, y);
            for (int i = 0; i < m; i++) {
                for (int o = 0; o < rows; o++) {
                    double exact = b == null ? 0 : b[o];
                    double magnitude = Math.abs(exact);
                    for (int c = 0; c < cols; c++) {
                        exact += (double) x[i * cols + c] * stored[o * cols + c];
                        magnitude += Math.abs((double) x[i * cols + c] * stored[o * cols + c]);
                    }
                    assertThat((double) y[i * rows + o]).as("%s y[%d][%d]", format, i, o)
                            .isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-6 * magnitude + 1e-7));
                }
            }
        }
    }

    /** Thousands of calls get every kernel compiled by C2; its outputs must keep the bits of the first call. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = WeightFormat.class, names = "FLOAT32", mode =
            org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE)
    void resultsKeepTheirBitsOnceCompiled(WeightFormat format) {
        SplittableRandom r = new SplittableRandom(11);
        int rows = 40, cols = 96;
        QuantizedLinear q = build(format, gaussian(r, rows * cols, 0.05), rows, cols);
        for (int m : new int[]{1, 5}) {
            float[] x = gaussian(r, m * cols, 1.0);
            float[] first = new float[m * rows];
            q.linear(x, m, null, first);
            float[] later = new float[m * rows];
            for (int i = 0; i < 3000; i++) q.linear(x, m, null, later);
            assertThat(later).as("%s m=%d", format, m).containsExactly(first);
        }
    }

    /**
     * The in-memory panel order (full panels and a narrower last one, at whatever vector width the JVM runs) keeps
     * every stored value: the stored form comes back unchanged, and the widened weights are the stored values
     * dequantized one by one.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = WeightFormat.class, names = "FLOAT32", mode =
            org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE)
    void panelOrderKeepsEveryStoredValue(WeightFormat format) {
        int rows = 2 * QuantizedLinear.NR + 5, cols = 96, group = 32;
        SplittableRandom r = new SplittableRandom(format.ordinal() + 100L);
        float[] w = gaussian(r, rows * cols, 0.05);
        float[] expected = new float[rows * cols];
        QuantizedLinear widened = switch (format) {
            case INT8 -> {
                QuantizedInt8Matrix q = QuantizedInt8Matrix.quantize(w, rows, cols);
                byte[] stored = q.values();
                QuantizedInt8Matrix again = new QuantizedInt8Matrix(stored, q.scales(), rows, cols);
                assertThat(again.values()).containsExactly(stored);
                for (int i = 0; i < expected.length; i++) expected[i] = stored[i] * q.scales()[i / cols];
                yield again;
            }
            case INT4 -> {
                QuantizedInt4Matrix q = QuantizedInt4Matrix.quantize(w, rows, cols, group);
                byte[] stored = q.packed();
                float[] scales = q.scales();
                QuantizedInt4Matrix again = new QuantizedInt4Matrix(stored, scales, rows, cols, group);
                assertThat(again.packed()).containsExactly(stored);
                assertThat(again.scales()).containsExactly(scales);
                for (int i = 0; i < expected.length; i++) {
                    int c = i % cols;
                    int inGroup = c % group;
                    int b = stored[(i - inGroup) / 2 + inGroup % (group / 2)];
                    int nibble = (inGroup < group / 2 ? b : b >> 4) & 0xF;
                    expected[i] = (nibble - 8) * scales[i / cols * (cols / group) + c / group];
                }
                yield again;
            }
            case FLOAT16, BFLOAT16 -> {
                HalfPrecisionMatrix q = (HalfPrecisionMatrix) build(format, w, rows, cols);
                short[] stored = q.values();
                HalfPrecisionMatrix again = new HalfPrecisionMatrix(q.format(), stored, rows, cols);
                assertThat(again.values()).containsExactly(stored);
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = format == WeightFormat.FLOAT16 ? HalfPrecision.f16ToFloat(stored[i])
                            : HalfPrecision.bf16ToFloat(stored[i]);
                }
                yield again;
            }
            case FLOAT32 -> throw new IllegalArgumentException();
        };
        assertThat(widened.toFloat()).containsExactly(expected);
    }

    /**
     * A sentence of 16 rows runs as tiles of 6, 6 and 4 rows: each output must have the same bits as when its row
     * sits in a full 6-row tile of another product, so results do not depend on the row count.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = WeightFormat.class, names = "FLOAT32", mode =
            org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE)
    void rowResultsDoNotDependOnTheTileThatComputedThem(WeightFormat format) {
        int rows = 40, cols = 96;
        SplittableRandom r = new SplittableRandom(21);
        QuantizedLinear q = build(format, gaussian(r, rows * cols, 0.05), rows, cols);
        float[] x = gaussian(r, 18 * cols, 1.0);
        float[] bias = gaussian(r, rows, 0.1);
        float[] sixteen = new float[16 * rows];
        q.linear(x, 16, bias, sixteen);
        float[] six = new float[6 * rows];
        q.linear(java.util.Arrays.copyOfRange(x, 12 * cols, 18 * cols), 6, bias, six);
        assertThat(java.util.Arrays.copyOfRange(sixteen, 12 * rows, 16 * rows))
                .containsExactly(java.util.Arrays.copyOfRange(six, 0, 4 * rows));
    }

    @Test
    void int8RoundsEachRowToItsScaleGrid() {
        SplittableRandom r = new SplittableRandom(7);
        int rows = 9, cols = 50;
        float[] w = gaussian(r, rows * cols, 1.0);
        w[3 * cols + 4] = 0;
        for (int c = 0; c < cols; c++) w[5 * cols + c] = 0;    // an all-zero row gets scale 0, not NaN
        QuantizedInt8Matrix q = QuantizedInt8Matrix.quantize(w, rows, cols);
        float[] back = q.toFloat();
        for (int o = 0; o < rows; o++) {
            float max = 0;
            for (int c = 0; c < cols; c++) max = Math.max(max, Math.abs(w[o * cols + c]));
            assertThat(q.scales()[o]).isEqualTo(max / 127f);
            for (int c = 0; c < cols; c++) {
                assertThat(Math.abs(back[o * cols + c] - w[o * cols + c])).isLessThanOrEqualTo(q.scales()[o] * 0.5001f);
            }
        }
        assertThat(back[3 * cols + 4]).isZero();
        assertThat(q.scales()[5]).isZero();
        assertThat(q.bytes()).isEqualTo(rows * cols + rows * 4L);
    }

    @Test
    void int4RoundsEachGroupToItsScaleGridAndPacksHalfGroupsIntoNibbles() {
        SplittableRandom r = new SplittableRandom(8);
        int rows = 5, cols = 128, group = 64;
        float[] w = gaussian(r, rows * cols, 1.0);
        QuantizedInt4Matrix q = QuantizedInt4Matrix.quantize(w, rows, cols, group);
        float[] back = q.toFloat();
        for (int o = 0; o < rows; o++) {
            for (int g = 0; g < cols / group; g++) {
                float scale = q.scales()[o * 2 + g];
                float max = 0;
                for (int i = 0; i < group; i++) max = Math.max(max, Math.abs(w[o * cols + g * group + i]));
                assertThat(scale).isEqualTo(max / 7f);
                for (int i = 0; i < group; i++) {
                    int c = o * cols + g * group + i;
                    assertThat(Math.abs(back[c] - w[c])).isLessThanOrEqualTo(scale * 0.5001f);
                }
            }
        }
        // byte 0 of row 0: weight 0 in the low nibble, weight group/2 in the high nibble
        int b = q.packed()[0];
        assertThat(((b & 0xF) - 8) * q.scales()[0]).isEqualTo(back[0]);
        assertThat((((b >> 4) & 0xF) - 8) * q.scales()[0]).isEqualTo(back[group / 2]);
        assertThat(q.bytes()).isEqualTo(rows * cols / 2 + rows * 2 * 4L);
    }

    @Test
    void int4RejectsGroupSizesThatAreNotMultiplesOf16OrDoNotDivideTheRow() {
        float[] w = new float[2 * 96];
        assertThatThrownBy(() -> QuantizedInt4Matrix.quantize(w, 2, 96, 24)).hasMessageContaining("found 24");
        assertThatThrownBy(() -> QuantizedInt4Matrix.quantize(w, 2, 96, 64))
                .hasMessageContaining("divides the 96 input features, found 64");
    }

    /** Every finite binary16 value through the vector widening: x = e_j picks out W[row][j] exactly. */
    @Test
    void float16VectorWideningIsExactForEveryFiniteValue() {
        int cols = 32;
        short[] finite = new short[63488];
        int n = 0;
        for (int bits = 0; bits < 65536; bits++) {
            if ((bits & 0x7C00) != 0x7C00) finite[n++] = (short) bits;
        }
        int rows = n / cols;
        HalfPrecisionMatrix q = new HalfPrecisionMatrix(Format.FLOAT16, finite, rows, cols);
        float[] y = new float[rows];
        for (int j = 0; j < cols; j++) {
            float[] x = new float[cols];
            x[j] = 1f;
            q.linear(x, 1, null, y);
            for (int o = 0; o < rows; o++) {
                float expected = HalfPrecision.f16ToFloat(finite[o * cols + j]);
                assertThat(Float.floatToIntBits(y[o] + 0f)).as("bits %04x", finite[o * cols + j] & 0xFFFF)
                        .isEqualTo(Float.floatToIntBits(expected + 0f));
            }
        }
    }

    @Test
    void float16VectorWideningKeepsInfinitiesAndNaN() {
        short[] bits = new short[3 * 16];
        bits[0] = (short) 0x7C00;                 // +inf
        bits[16] = (short) 0xFC00;                // -inf
        bits[32] = (short) 0x7E01;                // NaN
        float[] x = new float[16];
        x[0] = 1f;
        float[] y = new float[3];
        new HalfPrecisionMatrix(Format.FLOAT16, bits, 3, 16).linear(x, 1, null, y);
        assertThat(y[0]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(y[1]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(y[2]).isNaN();
    }

    @Test
    void halfPrecisionRoundsAsTorchDoes() {
        float[] w = {1.0f / 3, -65504f, 1e-7f, 3.14159f};
        float[] f16 = HalfPrecisionMatrix.round(Format.FLOAT16, w, 1, 4).toFloat();
        float[] bf16 = HalfPrecisionMatrix.round(Format.BFLOAT16, w, 1, 4).toFloat();
        for (int i = 0; i < w.length; i++) {
            assertThat(f16[i]).isEqualTo(HalfPrecision.f16ToFloat(HalfPrecision.floatToF16(w[i])));
            assertThat(bf16[i]).isEqualTo(HalfPrecision.bf16ToFloat(HalfPrecision.floatToBf16(w[i])));
        }
        assertThat(f16[0]).isNotEqualTo(w[0]);
    }

    @Test
    void unknownDtypeNamesTheSupportedOnes() {
        assertThat(WeightFormat.parse("INT8")).isEqualTo(WeightFormat.INT8);
        assertThatThrownBy(() -> WeightFormat.parse("int3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown weight dtype 'int3' (expected one of float32, float16, bfloat16, int8, int4)");
    }

    static float[] gaussian(SplittableRandom r, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * std);
        return a;
    }
}
