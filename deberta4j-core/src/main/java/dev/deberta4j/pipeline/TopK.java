package dev.deberta4j.pipeline;

import java.util.Arrays;

/** The indices of the k largest values, best first (ties: lower index first). */
final class TopK {
    private TopK() {
    }

    static int[] indices(double[] values, int k) {
        int n = Math.min(k, values.length);
        int[] best = new int[n];
        int size = 0;
        // Insertion into a short sorted list: k is small (a handful) while values may be a 100k vocabulary.
        for (int i = 0; i < values.length; i++) {
            if (size == n && values[i] <= values[best[n - 1]]) continue;
            int pos = size < n ? size++ : n - 1;
            while (pos > 0 && values[best[pos - 1]] < values[i]) {
                best[pos] = best[pos - 1];
                pos--;
            }
            best[pos] = i;
        }
        return Arrays.copyOf(best, size);
    }
}
