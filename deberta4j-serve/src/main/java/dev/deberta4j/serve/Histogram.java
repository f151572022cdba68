package dev.deberta4j.serve;

import java.util.Locale;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram with fixed upper bounds: lock-free observations, cumulative buckets when rendered. */
final class Histogram {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final LongAdder[] counts;
    private final LongAdder total = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(String name, String help, double... bounds) {
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length];
        for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
    }

    void observe(double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                counts[i].increment();
                break;
            }
        }
        total.increment();
        sum.add(value);
    }

    long count() {
        return total.sum();
    }

    void render(StringBuilder out) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i].sum();
            out.append(name).append("_bucket{le=\"").append(format(bounds[i])).append("\"} ").append(cumulative).append('\n');
        }
        out.append(name).append("_bucket{le=\"+Inf\"} ").append(total.sum()).append('\n');
        out.append(name).append("_sum ").append(format(sum.sum())).append('\n');
        out.append(name).append("_count ").append(total.sum()).append('\n');
    }

    /** Exponential bounds: start, start*factor, ... (n of them). */
    static double[] exponential(double start, double factor, int n) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) b[i] = start * Math.pow(factor, i);
        return b;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("0+(e|$)", "$1").replaceAll("\\.(e|$)", "$1");
    }
}
