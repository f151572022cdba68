package dev.deberta4j.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * Name, element type and shape of one stored tensor. The shape array is copied in and out, so an instance is
 * immutable and compares by value.
 */
public record TensorInfo(String name, DType dtype, long[] shape) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements (1 for a scalar). @throws ArithmeticException if it does not fit in a long */
    public long numel() {
        return numel(shape);
    }

    /** Stored size in bytes. @throws ArithmeticException if it does not fit in a long */
    public long byteLength() {
        return Math.multiplyExact(numel(), (long) dtype.byteSize());
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
