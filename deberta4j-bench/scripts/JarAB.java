import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.*;

/**
 * A/B of deberta4j jars in ONE process, for a loaded machine where process-level rounds swing by 2x: each jar in
 * its own class loader with the same random xsmall model (seed 42), forward passes alternated per round (A B, then
 * B A) so load falls on all alike. Prints per shape the median wall time (tokens/s), with THREADS = 1 also the
 * median CPU time of the forward's thread, and each jar's ratio to the first (ratio of medians; median of per-round
 * ratios). Run under flock /tmp/bench.lock:
 *   java -Ddeberta4j.vectorBits=256 --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     deberta4j-bench/scripts/JarAB.java THREADS ROUNDS 1x16,1x128 base=/tmp/a.jar new=deberta4j-cli/target/deberta4j.jar
 */
public class JarAB {
    record Variant(String name, Object model, Method forward, Method random, int vocab) {}

    public static void main(String[] a) throws Exception {
        int threads = Integer.parseInt(a[0]);
        int rounds = Integer.parseInt(a[1]);
        String[] shapes = a[2].split(",");
        List<Variant> vs = new ArrayList<>();
        for (int i = 3; i < a.length; i++) {
            String name = a[i].substring(0, a[i].indexOf('='));
            URLClassLoader cl = new URLClassLoader(new URL[]{Path.of(a[i].substring(a[i].indexOf('=') + 1)).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> pool = cl.loadClass("dev.deberta4j.concurrent.ThreadPool");
            pool.getMethod("setSharedThreads", int.class).invoke(null, threads);
            Class<?> shapesC = cl.loadClass("dev.deberta4j.model.ModelShapes");
            Object config = shapesC.getMethod("byName", String.class).invoke(null, "xsmall");
            Class<?> cfgC = cl.loadClass("dev.deberta4j.config.DebertaConfig");
            Class<?> headC = cl.loadClass("dev.deberta4j.model.HeadType");
            Object head = headC.getMethod("valueOf", String.class).invoke(null, "SEQUENCE_CLASSIFICATION");
            Object src = cl.loadClass("dev.deberta4j.model.WeightInitializer").getMethod("initialise", cfgC, headC, long.class)
                    .invoke(null, config, head, 42L);
            Class<?> optsC = cl.loadClass("dev.deberta4j.model.LoadOptions");
            Object opts = optsC.getMethod("head", headC).invoke(null, head);
            Class<?> modelC = cl.loadClass("dev.deberta4j.model.DebertaModel");
            Object model = modelC.getMethod("load", cfgC, cl.loadClass("dev.deberta4j.io.TensorSource"), optsC).invoke(null, config, src, opts);
            Class<?> inC = cl.loadClass("dev.deberta4j.model.ModelInput");
            int vocab = cfgC.getField("vocabSize").getInt(config);
            vs.add(new Variant(name, model, modelC.getMethod("forward", inC),
                    inC.getMethod("random", int.class, int.class, int.class, int.class, long.class), vocab));
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("%d thread(s), %d alternating rounds per shape; load %s%n", threads, rounds,
                new String(java.nio.file.Files.readAllBytes(Path.of("/proc/loadavg"))).trim());
        for (String shape : shapes) {
            int batch = Integer.parseInt(shape.split("x")[0]);
            int len = Integer.parseInt(shape.split("x")[1]);
            int warm = 3;
            double[][] wall = new double[vs.size()][rounds];
            double[][] cpu = new double[vs.size()][rounds];
            Object[] inputs = new Object[vs.size()];
            for (int k = 0; k < vs.size(); k++) inputs[k] = vs.get(k).random.invoke(null, batch, len, vs.get(k).vocab, 0, 1L);
            for (int r = -warm; r < rounds; r++) {
                for (int k0 = 0; k0 < vs.size(); k0++) {
                    int k = (r & 1) == 0 ? k0 : vs.size() - 1 - k0;   // alternate which goes first
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    vs.get(k).forward.invoke(vs.get(k).model, inputs[k]);
                    long t1 = System.nanoTime();
                    long c1 = mx.getCurrentThreadCpuTime();
                    if (r >= 0) { wall[k][r] = (t1 - t0) / 1e6; cpu[k][r] = (c1 - c0) / 1e6; }
                }
            }
            StringBuilder sb = new StringBuilder(String.format("%-7s", shape));
            for (int k = 0; k < vs.size(); k++) {
                double w = median(wall[k]), c = median(cpu[k]);
                sb.append(String.format(" | %s wall %.1f ms (%.0f tok/s)%s", vs.get(k).name, w, batch * len / w * 1e3,
                        threads == 1 ? String.format(", cpu %.1f ms", c) : ""));
            }
            for (int k = 1; k < vs.size(); k++) {
                sb.append(String.format(" | %s/%s wall %.3f", vs.get(k).name, vs.get(0).name, median(wall[k]) / median(wall[0])));
                if (threads == 1) sb.append(String.format(" cpu %.3f", median(cpu[k]) / median(cpu[0])));
                // median of per-round ratios: robust to load swings between rounds
                double[] q = new double[rounds];
                for (int r = 0; r < rounds; r++) q[r] = (threads == 1 ? cpu[k][r] / cpu[0][r] : wall[k][r] / wall[0][r]);
                sb.append(String.format(" (per-round ratio median %.3f)", median(q)));
            }
            System.out.println(sb);
        }
        System.out.printf("load %s%n", new String(java.nio.file.Files.readAllBytes(Path.of("/proc/loadavg"))).trim());
        System.exit(0);
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
