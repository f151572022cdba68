package dev.deberta4j.tokenizer;

import java.util.Arrays;

/** A growable {@code int} list without boxing. */
final class IntBuffer {
    private int[] data;
    private int size;

    IntBuffer(int capacity) { data = new int[Math.max(4, capacity)]; }

    IntBuffer() { this(16); }

    void add(int v) {
        if (size == data.length) data = Arrays.copyOf(data, size * 2);
        data[size++] = v;
    }

    int get(int i) { return data[i]; }

    void set(int i, int v) { data[i] = v; }

    int size() { return size; }

    int capacity() { return data.length; }

    void removeLast() { size--; }

    int[] raw() { return data; }

    int[] toArray() { return Arrays.copyOf(data, size); }
}
