package dev.deberta4j.bench;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelShapes;
import dev.deberta4j.model.WeightInitializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model directory (config.json + model.safetensors) of freshly initialised weights, e.g. the card's base
 * shape with a 2-label classifier, to quantize and benchmark without downloading anything:
 * {@code java -cp benchmarks.jar dev.deberta4j.bench.RandomModelDirectory DIR [base|xsmall] [seed]}.
 */
public final class RandomModelDirectory {
    private RandomModelDirectory() {
    }

    public static void write(Path dir, DebertaConfig config, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config.toJsonString() + "\n");
        InMemoryTensorSource weights = WeightInitializer.initialise(config, HeadType.SEQUENCE_CLASSIFICATION, seed);
        SafetensorsWriter writer = new SafetensorsWriter();
        for (String name : weights.names()) {
            writer.addF32(name, weights.readFloats(name), weights.info(name).shape());
        }
        writer.write(dir.resolve("model.safetensors"));
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RandomModelDirectory DIR [base|xsmall] [seed]");
            System.exit(2);
        }
        DebertaConfig config = ModelShapes.byName(args.length > 1 ? args[1] : "base");
        write(Path.of(args[0]), config, args.length > 2 ? Long.parseLong(args[2]) : 42);
        System.out.println("wrote " + args[0]);
    }
}
