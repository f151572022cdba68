package dev.deberta4j.bench;

import java.util.Locale;

/**
 * Quick GFLOPS table of {@link dev.deberta4j.kernels.Gemm#linear} (not JMH: a timed loop per shape, see
 * {@link dev.deberta4j.internal.measure.GemmFlops#measure}) at the model's shapes and square sizes, for 1 and 2 threads.
 * Usage: {@code GemmFlops [seconds-per-shape] [thread counts, comma-separated]}.
 */
public final class GemmFlops {
    /** m x in x out rows of the table. */
    static final int[][] SHAPES = {
        {16, 768, 768}, {16, 768, 3072}, {16, 3072, 768},
        {128, 768, 768}, {128, 768, 3072}, {128, 3072, 768},
        {512, 768, 768}, {512, 768, 3072}, {512, 3072, 768},
        {4096, 768, 768}, {4096, 768, 3072}, {4096, 3072, 768},
        {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048}};

    private GemmFlops() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        String[] threadList = (args.length > 1 ? args[1] : "1,2").split(",");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-18s", "m x in x out"));
        for (String t : threadList) {
            header.append(String.format(Locale.ROOT, "%14s", t.trim() + " thr GFLOPS"));
        }
        System.out.println(header);
        for (int[] s : SHAPES) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-18s", s[0] + "x" + s[1] + "x" + s[2]));
            for (String t : threadList) {
                double gflops = dev.deberta4j.internal.measure.GemmFlops.measure(s[0], s[2], s[1], Integer.parseInt(t.trim()),
                        seconds);
                row.append(String.format(Locale.ROOT, "%14.1f", gflops));
            }
            System.out.println(row);
        }
    }
}
