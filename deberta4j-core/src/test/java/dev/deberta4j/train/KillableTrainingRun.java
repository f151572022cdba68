package dev.deberta4j.train;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The child JVM of {@link KillAndResumeTest}: TrainerTest's run, checkpointing after every step and appending each
 * step's loss (exact, as a long of its bits) to a log file, forced to disk, until it is killed.
 * Arguments: checkpoint directory, loss log, milliseconds to pause after each step.
 */
public final class KillableTrainingRun {
    private KillableTrainingRun() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path checkpoint = Path.of(args[0]);
        Path log = Path.of(args[1]);
        long pauseMillis = Long.parseLong(args[2]);
        Trainer trainer = TrainerTest.newTrainer(new TinyData(KillAndResumeTest.EXAMPLES, 3));
        while (trainer.hasNext()) {
            StepResult s = trainer.step();
            trainer.save(checkpoint);
            String line = s.step() + " " + Double.doubleToLongBits(s.loss()) + "\n";
            try (FileChannel out = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            Thread.sleep(pauseMillis);
        }
    }

}
