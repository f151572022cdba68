package dev.deberta4j.tensor;

import java.util.Arrays;

/** A dense, row-major float32 tensor: a flat array and its shape. Mutable data, fixed shape. */
public record Tensor(float[] data, int[] shape) {
    public Tensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements, data has " + data.length);
        }
    }

    public static Tensor zeros(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return new Tensor(new float[(int) n], shape.clone());
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int size() {
        return data.length;
    }

    /** Same data, another shape with the same element count. */
    public Tensor reshape(int... newShape) {
        return new Tensor(data, newShape.clone());
    }

    public float get(int... index) {
        return data[offset(index)];
    }

    public int offset(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index rank " + index.length + " != tensor rank " + shape.length);
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape "
                        + Arrays.toString(shape));
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    /** Largest absolute element-wise difference to another tensor of the same shape. */
    public float maxAbsDiff(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape) + " vs "
                    + Arrays.toString(other.shape));
        }
        float max = 0;
        for (int i = 0; i < data.length; i++) {
            float d = Math.abs(data[i] - other.data[i]);
            if (!(d <= max)) max = Float.isNaN(d) ? Float.NaN : d;
            if (Float.isNaN(max)) return max;
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
