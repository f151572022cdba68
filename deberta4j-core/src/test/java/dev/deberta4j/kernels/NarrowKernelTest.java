package dev.deberta4j.kernels;

import dev.deberta4j.kernels.Gemm.Operand;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gemm's unpacked narrow strategy gives the packed kernel's bits: whole column blocks, a scalar column tail, odd
 * rows, k past KC.
 */
class NarrowKernelTest {

    @Test
    void matchesGemmBitForBit() {
        SplittableRandom random = new SplittableRandom(9);
        int[][] shapes = {{128, 64, 128}, {7, 64, 300}, {13, 24, 5}, {5, 70, 1}, {0, 64, 3}, {4, 64, 0}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            for (boolean transA : new boolean[]{false, true}) {
                for (boolean accumulate : new boolean[]{false, true}) {
                    // Strided views inside larger arrays, as attention's per-head columns are.
                    int lda = (transA ? m : k) + 3, ldb = n + 5, ldc = n + 2;
                    float[] a = gaussian(random, 2 + (transA ? k : m) * lda);
                    float[] b = gaussian(random, 1 + k * ldb);
                    float[] c = gaussian(random, 4 + m * ldc);
                    float[] expected = c.clone();
                    // matmulParallel always runs the packed kernel (on this thread at these sizes).
                    Gemm.matmulParallel(m, n, k, new Operand(a, 2, lda, transA), new Operand(b, 1, ldb),
                            new Operand(expected, 4, ldc), accumulate);
                    float[] actual = c.clone();
                    if (m > 0) {
                        NarrowKernel.run(m, n, k, new Operand(a, 2, lda, transA), new Operand(b, 1, ldb),
                                new Operand(actual, 4, ldc), accumulate);
                    }
                    float[] viaMatmul = c.clone();
                    Gemm.matmul(m, n, k, new Operand(a, 2, lda, transA), new Operand(b, 1, ldb),
                            new Operand(viaMatmul, 4, ldc), accumulate);
                    assertThat(actual).as("m=%d n=%d k=%d transA=%s accumulate=%s", m, n, k, transA, accumulate)
                            .containsExactly(expected);
                    assertThat(viaMatmul).containsExactly(expected);
                }
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) random.nextGaussian();
        return out;
    }
}
