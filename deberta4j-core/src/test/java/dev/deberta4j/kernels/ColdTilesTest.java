package dev.deberta4j.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The scalar tile of the first GEMMs gives the vector kernels' results bit for bit. */
class ColdTilesTest {
    private static final int MR = MicroKernel.MR;
    private static final int NR = MicroKernel.NR;

    /** Values over six decades, so that a multiply-add that rounds twice differs from a fused one. */
    private static float[] values(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
        return v;
    }

    private static void vectorTile(int rows, int kc, float[] a, float[] b, float[] c, int cOff, int ldc,
                                   float[] init, int initOff, int initStride) {
        switch (rows) {
            case 8 -> MicroKernel.tile8(kc, a, 0, b, 0, c, cOff, ldc, init, initOff, initStride);
            case 6 -> MicroKernel.tile6(kc, a, 0, b, 0, c, cOff, ldc, init, initOff, initStride);
            default -> MicroKernel.tile4(kc, a, 0, b, 0, c, cOff, ldc, init, initOff, initStride);
        }
    }

    @Test
    void bitIdenticalToTheVectorKernels() {
        Random random = new Random(17);
        int unfusedDiffers = 0;
        for (int rows : new int[] {4, 6, 8}) {
            for (int kc : new int[] {1, 7, 64, 256}) {
                for (int start = 0; start < 3; start++) {     // zeros, a bias row, C itself (accumulate)
                    float[] a = values(random, kc * MR + 8);
                    float[] b = values(random, kc * NR);
                    int ldc = NR + 5;
                    float[] cVector = values(random, 8 * ldc + 3);
                    float[] cCold = cVector.clone();
                    float[] bias = values(random, NR + 2);
                    float[] init = start == 0 ? MicroKernel.ZEROS : start == 1 ? bias : null;
                    int initOff = start == 1 ? 2 : start == 2 ? 3 : 0;
                    int initStride = start == 2 ? ldc : 0;
                    float[] initCopy = init == null ? null : init.clone();
                    vectorTile(rows, kc, a, b, cVector, 3, ldc, init == null ? cVector : init, initOff, initStride);
                    ColdTiles.tile(rows, kc, a, 0, b, 0, cCold, 3, ldc, init == null ? cCold : initCopy, initOff,
                            initStride);
                    for (int i = 0; i < cVector.length; i++) {
                        assertThat(Float.floatToRawIntBits(cCold[i])).as("rows %d kc %d start %d element %d",
                                rows, kc, start, i).isEqualTo(Float.floatToRawIntBits(cVector[i]));
                    }
                    if (kc > 1 && start == 1 && unfused(rows, kc, a, b, bias, initOff) != cVector[3]) unfusedDiffers++;
                }
            }
        }
        assertThat(unfusedDiffers).as("cases where rounding twice would have been caught").isPositive();
    }

    /** Element (0, 0) of a tile computed with a separate multiply and add. */
    private static float unfused(int rows, int kc, float[] a, float[] b, float[] bias, int initOff) {
        float sum = bias[initOff];
        for (int p = 0; p < kc; p++) sum = sum + a[p * MR] * b[p * NR];
        return sum;
    }

    @Test
    void handsOverToTheVectorKernelsAfterItsLimit() {
        int taken = 0;
        for (int i = 0; i <= ColdTiles.LIMIT; i++) if (ColdTiles.take()) taken++;
        assertThat(taken).isLessThanOrEqualTo(ColdTiles.LIMIT);
        assertThat(ColdTiles.take()).isFalse();
    }
}
