package dev.deberta4j.bench;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.ModelInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forward-pass speed of several model directories (e.g. one model in float32 and its quantized forms) measured
 * interleaved: each round times one forward pass of every model in turn, so load from other processes on a shared
 * machine falls on all of them alike and the ratios stay meaningful. Reports the median time per model and shape,
 * tokens/s and the speed relative to the first directory.
 * {@code java -cp benchmarks.jar dev.deberta4j.bench.InterleavedModelSpeed [--shapes 1x16,1x128,32x128]
 * [--rounds 15] [--warmup 2] [--threads N] DIR...}
 */
public final class InterleavedModelSpeed {
    private InterleavedModelSpeed() {
    }

    public static void main(String[] args) {
        List<String> shapes = List.of("1x16", "1x128", "32x128");
        int rounds = 15;
        int warmup = 2;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shapes" -> shapes = List.of(args[++i].split(","));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> ThreadPool.setSharedThreads(Integer.parseInt(args[++i]));
                default -> dirs.add(Path.of(args[i]));
            }
        }
        if (dirs.isEmpty()) {
            System.err.println("usage: InterleavedModelSpeed [--shapes 1x16,1x128] [--rounds N] [--warmup N] [--threads N] DIR...");
            System.exit(2);
        }
        List<DebertaModel> models = dirs.stream().map(DebertaModel::load).toList();
        System.out.printf("%d thread(s), %d interleaved rounds after %d warm-up rounds%n", ThreadPool.shared().threads(),
                rounds, warmup);
        System.out.println("| batch x seq | model | median s | tokens/s | vs first |");
        System.out.println("|---|---|---|---|---|");
        for (String shape : shapes) {
            String[] bl = shape.split("x");
            int batch = Integer.parseInt(bl[0]);
            int len = Integer.parseInt(bl[1]);
            ModelInput input = ModelInput.random(batch, len, models.get(0).config().vocabSize, 0, 1);
            double[][] times = new double[models.size()][rounds];
            for (int r = -warmup; r < rounds; r++) {
                for (int k = 0; k < models.size(); k++) {
                    long t0 = System.nanoTime();
                    models.get(k).forward(input);
                    if (r >= 0) times[k][r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            double first = median(times[0]);
            for (int k = 0; k < models.size(); k++) {
                double med = median(times[k]);
                System.out.printf("| %d x %d | %s | %.4f | %.1f | %.2fx |%n", batch, len, dirs.get(k).getFileName(), med,
                        batch * len / med, first / med);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

}
