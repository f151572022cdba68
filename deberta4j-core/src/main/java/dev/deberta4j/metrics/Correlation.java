package dev.deberta4j.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Pearson and Spearman correlation, as scipy.stats.pearsonr / spearmanr compute them (ties get average ranks). */
public final class Correlation {
    private Correlation() {
    }

    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("expected series of equal length, found " + x.length + " and " + y.length);
        }
        if (x.length < 2) throw new IllegalArgumentException("correlation needs at least 2 values, found " + x.length);
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        // A constant series has no defined correlation; scipy returns NaN too.
        if (sxx == 0 || syy == 0) return Double.NaN;
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /**
     * Pearson correlation of the ranks; tied values share the mean of the ranks they span. A NaN anywhere gives
     * NaN, as scipy's default nan_policy="propagate" does (ranking would otherwise hide it).
     */
    public static double spearman(double[] x, double[] y) {
        if (hasNaN(x) || hasNaN(y)) {
            if (x.length != y.length) return pearson(x, y);   // the length error, as for any input
            return Double.NaN;
        }
        return pearson(averageRanks(x), averageRanks(y));
    }

    private static boolean hasNaN(double[] v) {
        for (double d : v) if (Double.isNaN(d)) return true;
        return false;
    }

    /** 1-based ranks with ties averaged (scipy.stats.rankdata's "average" method). */
    public static double[] averageRanks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }
}
