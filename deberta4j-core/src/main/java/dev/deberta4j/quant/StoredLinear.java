package dev.deberta4j.quant;

import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.io.DType;
import dev.deberta4j.io.TensorInfo;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.kernels.LinearWeights;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A linear weight found in a checkpoint in one of the compact forms, with the tensors it was read from.
 * The tensor names (documented in docs/quantization.md), for a weight named {@code W}:
 * <ul>
 *   <li>float16 / bfloat16: {@code W} itself stored as F16 / BF16 [out, in], kept in 16 bits when config.json
 *       declares that dtype in {@code deberta4j_quantization};</li>
 *   <li>int8: {@code W.int8} I8 [out, in] and {@code W.scale} F32 [out];</li>
 *   <li>int4: {@code W.int4} U8 [out, in/2] and {@code W.scale} F32 [out, in/group_size].</li>
 * </ul>
 */
public record StoredLinear(LinearWeights weights, List<String> tensorNames) {
    public static final String INT8_SUFFIX = ".int8";
    public static final String INT4_SUFFIX = ".int4";
    public static final String SCALE_SUFFIX = ".scale";

    /**
     * Reads weight {@code name} [out, in] when the source stores it in a compact form; null when it is stored as
     * float32/float64, or as float16/bfloat16 that the config does not declare (widened to float32 as any
     * half-precision checkpoint), or not at all, or with a shape the caller reports: the caller's plain path applies.
     *
     * @param expected the directory's deberta4j_quantization entry, or null
     * @throws CheckpointException naming the tensor when a quantized weight lacks its scales or has inconsistent
     *                             shapes, dtypes or group size
     */
    public static StoredLinear read(TensorSource source, String name, int out, int in, QuantizationConfig expected) {
        if (source.contains(name + INT8_SUFFIX)) {
            return int8(source, name, out, in);
        }
        if (source.contains(name + INT4_SUFFIX)) {
            return int4(source, name, out, in, expected);
        }
        boolean halfDeclared = expected != null
                && (expected.format() == WeightFormat.FLOAT16 || expected.format() == WeightFormat.BFLOAT16);
        if (!halfDeclared || !source.contains(name)) {
            return null;
        }
        TensorInfo info = source.info(name);
        if (!Arrays.equals(info.shape(), new long[]{out, in})) {
            return null;
        }
        return switch (info.dtype()) {
            case F16 -> half(HalfPrecisionMatrix.Format.FLOAT16, source, name, out, in);
            case BF16 -> half(HalfPrecisionMatrix.Format.BFLOAT16, source, name, out, in);
            default -> null;
        };
    }

    private static StoredLinear half(HalfPrecisionMatrix.Format format, TensorSource source, String name, int out,
            int in) {
        return new StoredLinear(new HalfPrecisionMatrix(format, shorts(source, name), out, in), List.of(name));
    }

    private static StoredLinear int8(TensorSource source, String name, int out, int in) {
        String values = name + INT8_SUFFIX;
        String scales = name + SCALE_SUFFIX;
        require(source, values, DType.I8, new long[]{out, in}, "int8 values");
        requireScales(source, values, scales);
        require(source, scales, DType.F32, new long[]{out}, "per-row int8 scales");
        return new StoredLinear(new QuantizedInt8Matrix(bytes(source, values), source.readFloats(scales), out, in),
                List.of(values, scales));
    }

    private static StoredLinear int4(TensorSource source, String name, int out, int in, QuantizationConfig expected) {
        String values = name + INT4_SUFFIX;
        String scales = name + SCALE_SUFFIX;
        if (in % 2 != 0) {
            throw new CheckpointException(source.path(), values + ": int4 needs an even number of input features, the"
                    + " config gives " + in);
        }
        require(source, values, DType.U8, new long[]{out, in / 2}, "packed int4 values");
        requireScales(source, values, scales);
        TensorInfo scaleInfo = source.info(scales);
        if (scaleInfo.dtype() != DType.F32 || scaleInfo.rank() != 2 || scaleInfo.shape()[0] != out
                || scaleInfo.shape()[1] < 1 || in % scaleInfo.shape()[1] != 0) {
            throw new CheckpointException(source.path(), scales + ": group-wise int4 scales must be F32 [" + out
                    + ", groups] with groups dividing the " + in + " input features, found " + scaleInfo.dtype() + " "
                    + Arrays.toString(scaleInfo.shape()) + " (mismatched group size)");
        }
        int groupSize = (int) (in / scaleInfo.shape()[1]);
        if (expected != null && expected.format() == WeightFormat.INT4 && expected.groupSize() != groupSize) {
            throw new CheckpointException(source.path(), scales + ": mismatched group size: config.json "
                    + QuantizationConfig.KEY + ".group_size is " + expected.groupSize() + " but the scales "
                    + Arrays.toString(scaleInfo.shape()) + " give groups of " + groupSize);
        }
        try {
            QuantizedInt4Matrix.requireGroupSize(groupSize, in);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source.path(), scales + ": " + e.getMessage());
        }
        return new StoredLinear(new QuantizedInt4Matrix(bytes(source, values), source.readFloats(scales), out, in,
                groupSize), List.of(values, scales));
    }

    private static void requireScales(TensorSource source, String values, String scales) {
        if (!source.contains(scales)) {
            throw new CheckpointException(source.path(), "quantized weight " + values + " has no scales: expected"
                    + " tensor " + scales);
        }
    }

    private static void require(TensorSource source, String name, DType dtype, long[] shape, String what) {
        TensorInfo info = source.info(name);
        if (info.dtype() != dtype || !Arrays.equals(info.shape(), shape)) {
            throw new CheckpointException(source.path(), name + ": " + what + " must be " + dtype + " "
                    + Arrays.toString(shape) + ", found " + info.dtype() + " " + Arrays.toString(info.shape()));
        }
    }

    private static byte[] bytes(TensorSource source, String name) {
        ByteBuffer raw = source.readRaw(name);
        byte[] b = new byte[raw.remaining()];
        raw.get(b);
        return b;
    }

    private static short[] shorts(TensorSource source, String name) {
        ByteBuffer raw = source.readRaw(name).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        short[] s = new short[raw.remaining() / 2];
        raw.asShortBuffer().get(s);
        return s;
    }
}
