package dev.deberta4j.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds and opens the weights of a Hugging Face model directory, preferring safetensors as transformers does. */
public final class Checkpoints {
    /** The file names looked for, in order of preference. */
    public static final List<String> WEIGHT_FILES = List.of("model.safetensors", "model.safetensors.index.json",
            "pytorch_model.bin", "pytorch_model.bin.index.json");

    private Checkpoints() {
    }

    /**
     * Opens the first of {@link #WEIGHT_FILES} present in {@code modelDir}. A path to one of those files (or any
     * {@code .safetensors}, {@code .bin}, {@code .pt}, {@code .pth} or {@code *.index.json} file) opens that file.
     *
     * @throws CheckpointException naming the directory and every file it looked for when none is there
     */
    public static TensorSource open(Path modelDir) {
        if (Files.isRegularFile(modelDir)) {
            return openFile(modelDir);
        }
        if (!Files.isDirectory(modelDir)) {
            throw new CheckpointException(modelDir, "no such model directory or weight file");
        }
        for (String name : WEIGHT_FILES) {
            Path candidate = modelDir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return openFile(candidate);
            }
        }
        throw new CheckpointException(modelDir, "no weights found; looked for " + String.join(", ", WEIGHT_FILES));
    }

    private static TensorSource openFile(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors")) {
            return SafetensorsFile.open(file);
        }
        if (name.endsWith(".safetensors.index.json")) {
            return ShardedSafetensors.open(file);
        }
        if (name.endsWith(".bin.index.json")) {
            return ShardedSafetensors.open(file, TorchCheckpoint::open);
        }
        if (name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth")) {
            return TorchCheckpoint.open(file);
        }
        throw new CheckpointException(file, "unrecognised weight file name; expected .safetensors, .bin, .pt, .pth"
                + " or a .safetensors.index.json / .bin.index.json index");
    }
}
