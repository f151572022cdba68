package dev.deberta4j.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Converts a tensor's stored little-endian bytes (a contiguous, row-major segment) to Java arrays. Shared by every
 * {@link TensorSource} so that all formats widen and validate identically.
 */
final class TensorDecoder {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Largest array the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private TensorDecoder() {
    }

    static float[] toFloats(Path file, TensorInfo info, MemorySegment bytes) {
        float[] out = new float[arrayLength(file, info)];
        toFloats(file, info, bytes, out);
        return out;
    }

    /** As {@link #toFloats(Path, TensorInfo, MemorySegment)} into out[0, numel). */
    static void toFloats(Path file, TensorInfo info, MemorySegment bytes, float[] out) {
        if (!info.dtype().isFloatingPoint()) {
            throw new CheckpointException(file, "tensor " + info.name() + " has dtype " + info.dtype()
                    + "; readFloats needs F64, F32, F16 or BF16 (use readLongs)");
        }
        int n = arrayLength(file, info);
        checkLength(file, info, bytes);
        if (out.length < n) {
            throw new IllegalArgumentException("tensor " + info.name() + " has " + n + " elements, the buffer "
                    + out.length);
        }
        switch (info.dtype()) {
            case F32 -> MemorySegment.copy(bytes, F32, 0, out, 0, n);
            case F16, BF16 -> widenHalves(bytes, out, n, info.dtype() == DType.F16);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) bytes.getAtIndex(F64, i);
                }
            }
            default -> throw new AssertionError(info.dtype());
        }
    }

    /** Halves per chunk: small enough to stay in cache, large enough to amortise the bulk copy. */
    private static final int CHUNK = 8192;

    /**
     * Widens F16 or BF16 elements. The bulk copy into a short[] chunk lets the JIT vectorise the conversion loop,
     * which it does not do for element-wise segment reads.
     */
    private static void widenHalves(MemorySegment bytes, float[] out, int n, boolean ieeeHalf) {
        short[] chunk = new short[Math.min(n, CHUNK)];
        for (int base = 0; base < n; base += CHUNK) {
            int len = Math.min(CHUNK, n - base);
            MemorySegment.copy(bytes, I16, base * 2L, chunk, 0, len);
            if (ieeeHalf) {
                for (int i = 0; i < len; i++) {
                    out[base + i] = Float.float16ToFloat(chunk[i]);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    out[base + i] = Float.intBitsToFloat(chunk[i] << 16);
                }
            }
        }
    }

    static long[] toLongs(Path file, TensorInfo info, MemorySegment bytes) {
        if (info.dtype().isFloatingPoint()) {
            throw new CheckpointException(file, "tensor " + info.name() + " has dtype " + info.dtype()
                    + "; readLongs needs I64, I32, I16, I8, U8 or BOOL (use readFloats)");
        }
        int n = arrayLength(file, info);
        checkLength(file, info, bytes);
        long[] out = new long[n];
        switch (info.dtype()) {
            case I64 -> MemorySegment.copy(bytes, I64, 0, out, 0, n);
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = bytes.getAtIndex(I32, i);
                }
            }
            case I16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = bytes.getAtIndex(I16, i);
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = bytes.get(ValueLayout.JAVA_BYTE, i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = bytes.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = bytes.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
                }
            }
            default -> throw new AssertionError(info.dtype());
        }
        return out;
    }

    /** A read-only little-endian ByteBuffer over the segment (a view, not a copy). */
    static java.nio.ByteBuffer toBuffer(Path file, TensorInfo info, MemorySegment bytes) {
        checkLength(file, info, bytes);
        if (bytes.byteSize() > MAX_ARRAY) {
            throw new CheckpointException(file, "tensor " + info.name() + " is " + bytes.byteSize()
                    + " bytes, more than a ByteBuffer can address");
        }
        return bytes.asByteBuffer().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int arrayLength(Path file, TensorInfo info) {
        long numel = info.numel();
        if (numel > MAX_ARRAY) {
            throw new CheckpointException(file, "tensor " + info.name() + " has " + numel
                    + " elements, more than a Java array holds (" + MAX_ARRAY + ")");
        }
        return (int) numel;
    }

    private static void checkLength(Path file, TensorInfo info, MemorySegment bytes) {
        if (bytes.byteSize() != info.byteLength()) {
            throw new CheckpointException(file, "tensor " + info.name() + ": expected " + info.byteLength()
                    + " bytes for " + info.dtype() + " " + java.util.Arrays.toString(info.shape()) + ", found "
                    + bytes.byteSize());
        }
    }
}
