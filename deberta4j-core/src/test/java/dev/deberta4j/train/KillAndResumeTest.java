package dev.deberta4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a training JVM, then --resume from its last checkpoint in this JVM: the losses of the killed run up to
 * its checkpoint followed by the resumed run's are exactly the uninterrupted run's.
 */
class KillAndResumeTest {
    static final int EXAMPLES = 10;

    @Test
    void resumeAfterKillNineReproducesTheUninterruptedLossCurve(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("checkpoint");
        Path log = dir.resolve("losses.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), KillableTrainingRun.class.getName(),
                checkpoint.toString(), log.toString(), "1000")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (loggedSteps(log).size() < 3) {
                assertThat(child.isAlive()).as("child still training; output: " + output(dir)).isTrue();
                assertThat(System.nanoTime()).as("child reached step 3 within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no chance to finish a write
            child.waitFor(10, TimeUnit.SECONDS);
        }
        List<Long> killedRun = loggedSteps(log);

        Trainer resumed = Trainer.resume(checkpoint, TrainerTest.schedule(), new TinyData(EXAMPLES, 3));
        long saved = resumed.position().globalStep();
        assertThat(saved).as("the checkpoint holds a step the child finished").isBetween(3L, (long) killedRun.size());
        assertThat(saved).as("the run was interrupted").isLessThan(6);
        List<Long> curve = new ArrayList<>(killedRun.subList(0, (int) saved));
        while (resumed.hasNext()) curve.add(Double.doubleToLongBits(resumed.step().loss()));

        Trainer uninterrupted = TrainerTest.newTrainer(new TinyData(EXAMPLES, 3));
        List<Long> expected = new ArrayList<>();
        while (uninterrupted.hasNext()) expected.add(Double.doubleToLongBits(uninterrupted.step().loss()));
        assertThat(curve).containsExactlyElementsOf(expected);
    }

    /** The losses the child logged, as raw double bits, in step order (a torn last line is ignored). */
    private static List<Long> loggedSteps(Path log) throws IOException {
        List<Long> losses = new ArrayList<>();
        if (!Files.exists(log)) return losses;
        String text = Files.readString(log);
        for (String line : text.split("\n", -1)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2 && text.contains(line + "\n")) losses.add(Long.parseLong(parts[1]));
        }
        return losses;
    }

    private static String output(Path dir) {
        try {
            return Files.readString(dir.resolve("child.out"));
        } catch (IOException e) {
            return "(none)";
        }
    }
}
