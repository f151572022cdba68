package dev.deberta4j.kernels;

import dev.deberta4j.kernels.Gemm.Operand;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * {@link Gemm#matmul}'s strategy for narrow products (B not transposed, n up to one head's width): op(A) is read
 * in place, four rows at a time (op(A)(i..i+3, p) are contiguous when A is transposed, one element per row
 * otherwise), and B's row p straight from B, two vectors per column block, with no packing.
 *
 * <p>Every element of C is accumulated over p = 0, 1, ... k−1 by fused multiply-adds starting from C (or +0),
 * as {@link MicroKernel}'s tiles do: the result has the bits of the packed kernel for the same operands.
 * Single-threaded; operands are checked by {@link Gemm}.
 */
final class NarrowKernel {
    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private static final int L = S.length();
    private static final int BLOCK = 2 * L;

    private NarrowKernel() {}

    /** C[m, n] = (accumulate ? C : 0) + op(A)[m, k]·B[k, n], B not transposed. */
    static void run(int m, int n, int k, Operand a, Operand b, Operand c, boolean accumulate) {
        float[] av = a.data(), bv = b.data(), cv = c.data();
        int aOff = a.offset(), lda = a.ld(), bOff = b.offset(), ldb = b.ld(), cOff = c.offset(), ldc = c.ld();
        if (!accumulate) {
            for (int i = 0; i < m; i++) Arrays.fill(cv, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        // op(A)(i, p) at a[aOff + i·rowStep + p·kStep]
        int rowStep = a.transposed() ? 1 : lda;
        int kStep = a.transposed() ? lda : 1;
        int vectorCols = n - n % BLOCK;
        for (int j = 0; j < vectorCols; j += BLOCK) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                rows4(k, av, aOff + i * rowStep, rowStep, kStep, bv, bOff + j, ldb, cv, cOff + i * ldc + j, ldc);
            }
            for (; i < m; i++) {
                row1(k, av, aOff + i * rowStep, kStep, bv, bOff + j, ldb, cv, cOff + i * ldc + j);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = vectorCols; j < n; j++) {
                float s = cv[cOff + i * ldc + j];
                for (int p = 0; p < k; p++) s = Math.fma(av[aOff + i * rowStep + p * kStep], bv[bOff + p * ldb + j], s);
                cv[cOff + i * ldc + j] = s;
            }
        }
    }

    /** Rows i..i+3 (op(A) from a0, rows rowStep apart) x one column block of 2 vectors. */
    private static void rows4(int k, float[] a, int a0, int rowStep, int kStep, float[] b, int b0, int ldb,
                              float[] c, int c0, int ldc) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x00 = FloatVector.fromArray(S, c, c0), x01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector x10 = FloatVector.fromArray(S, c, c1), x11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector x20 = FloatVector.fromArray(S, c, c2), x21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector x30 = FloatVector.fromArray(S, c, c3), x31 = FloatVector.fromArray(S, c, c3 + L);
        for (int p = 0, ai = a0, bi = b0; p < k; p++, ai += kStep, bi += ldb) {
            FloatVector v0 = FloatVector.fromArray(S, b, bi);
            FloatVector v1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector s0 = FloatVector.broadcast(S, a[ai]);
            x00 = s0.fma(v0, x00); x01 = s0.fma(v1, x01);
            FloatVector s1 = FloatVector.broadcast(S, a[ai + rowStep]);
            x10 = s1.fma(v0, x10); x11 = s1.fma(v1, x11);
            FloatVector s2 = FloatVector.broadcast(S, a[ai + 2 * rowStep]);
            x20 = s2.fma(v0, x20); x21 = s2.fma(v1, x21);
            FloatVector s3 = FloatVector.broadcast(S, a[ai + 3 * rowStep]);
            x30 = s3.fma(v0, x30); x31 = s3.fma(v1, x31);
        }
        x00.intoArray(c, c0); x01.intoArray(c, c0 + L);
        x10.intoArray(c, c1); x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3); x31.intoArray(c, c3 + L);
    }

    /** One row x one column block of 2 vectors. */
    private static void row1(int k, float[] a, int a0, int kStep, float[] b, int b0, int ldb, float[] c, int c0) {
        FloatVector x0 = FloatVector.fromArray(S, c, c0), x1 = FloatVector.fromArray(S, c, c0 + L);
        for (int p = 0, ai = a0, bi = b0; p < k; p++, ai += kStep, bi += ldb) {
            FloatVector s = FloatVector.broadcast(S, a[ai]);
            x0 = s.fma(FloatVector.fromArray(S, b, bi), x0);
            x1 = s.fma(FloatVector.fromArray(S, b, bi + L), x1);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + L);
    }
}
