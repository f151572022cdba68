package dev.deberta4j.train;

import java.util.Arrays;

/**
 * One trainable tensor under its transformers {@code named_parameters()} name: fp32 master values and the
 * gradient accumulated into them since the last {@link #zeroGrad()}.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final float[] data;
    private final float[] grad;

    public Parameter(String name, int[] shape, float[] data) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " values, found " + data.length);
        }
        this.name = name;
        this.shape = shape.clone();
        this.data = data;
        this.grad = new float[data.length];
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    /** The values, updated in place by the optimizer. */
    public float[] data() {
        return data;
    }

    /** The accumulated gradient, same layout as {@link #data()}. */
    public float[] grad() {
        return grad;
    }

    public int size() {
        return data.length;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
