package dev.deberta4j.io;

import dev.deberta4j.hostile.Hostile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hostile checkpoints, generated on the fly: pickles that build far more objects or nest far deeper than any
 * state dict, safetensors with bytes after the data, a shard that links outside its folder. Each must be refused
 * with a one-line error, quickly, in a 512 MiB heap.
 */
@Tag("hostile")
class HostileCheckpointTest {
    @TempDir Path dir;

    /** A torch zip whose data.pkl (deflated, as in the wild) is PROTO, {@code repeat} times {@code body}, STOP. */
    private Path zipWithPickle(String name, byte[] head, byte[] body, long repeat) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(new byte[] {(byte) 0x80, 2});
            zip.write(head);
            byte[] chunk = new byte[1 << 20];
            int perChunk = chunk.length / body.length;
            for (int i = 0; i < perChunk; i++) System.arraycopy(body, 0, chunk, i * body.length, body.length);
            long left = repeat;
            while (left > 0) {
                int n = (int) Math.min(left, perChunk);
                zip.write(chunk, 0, n * body.length);
                left -= n;
            }
            zip.write('.');
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void quarterGigabyteOfEmptyDicts() throws IOException {
        Path p = zipWithPickle("dicts.bin", new byte[0], new byte[] {'}'}, 250L << 20);
        assertThatFileIsSmall(p);
        Hostile.refuses("pickle: 250 MiB of EMPTY_DICT (deflated data.pkl)", CheckpointException.class,
                "more than 2000000 values", () -> TorchCheckpoint.open(p).close());
    }

    @Test
    void emptyListFlood() throws IOException {
        Path p = zipWithPickle("lists.bin", new byte[0], new byte[] {']'}, 32L << 20);
        Hostile.refuses("pickle: 32 MiB of EMPTY_LIST", CheckpointException.class, "more than 2000000 values",
                () -> TorchCheckpoint.open(p).close());
    }

    @Test
    void dupFlood() throws IOException {
        Path p = zipWithPickle("dups.bin", new byte[] {'}'}, new byte[] {'2'}, 32L << 20);
        Hostile.refuses("pickle: 32 MiB of DUP", CheckpointException.class, "more than 2000000 values",
                () -> TorchCheckpoint.open(p).close());
    }

    @Test
    void appendFlood() throws IOException {
        // one list, then BINGET of itself and APPEND, again and again: references pile up without new objects
        Path p = zipWithPickle("appends.bin", new byte[] {']', 'q', 0}, new byte[] {'h', 0, 'a'}, 16L << 20);
        Hostile.refuses("pickle: 16 M APPENDs of one list to itself", CheckpointException.class,
                "more than 2000000 values", () -> TorchCheckpoint.open(p).close());
    }

    /** {@code _rebuild_from_type_v2(_rebuild_from_type_v2(...))} 200,000 deep: was a StackOverflowError. */
    @Test
    void deeplyNestedRebuildFromType() throws IOException {
        ByteArrayOutputStream pkl = new ByteArrayOutputStream();
        pkl.write(0x80);
        pkl.write(2);
        byte[] g = "ctorch._tensor\n_rebuild_from_type_v2\n".getBytes(StandardCharsets.US_ASCII);
        byte[] t = "ctorch\nTensor\n".getBytes(StandardCharsets.US_ASCII);
        int depth = 200_000;
        // (g, Tensor, (g, Tensor, (...), {}), {}) built inside out: the innermost args are an empty tuple
        pkl.write(')');
        for (int i = 0; i < depth; i++) {
            // inner -> memo, then MARK g Tensor inner {} TUPLE: (g, Tensor, inner, {})
            pkl.write('q');
            pkl.write(0);
            pkl.write('0');
            pkl.write('(');
            pkl.writeBytes(g);
            pkl.writeBytes(t);
            pkl.write('h');
            pkl.write(0);
            pkl.write('}');
            pkl.write('t');
        }
        Path p = dir.resolve("nested.bin");
        try (OutputStream out = Files.newOutputStream(p)) {
            // then REDUCE(g, outermost args): unwrapping recursed once per level
            byte[] tail = concat(new byte[] {'q', 0, '0'}, concat(g, new byte[] {'h', 0, 'R', '.'}));
            out.write(PickleBuilder.torchZip(concat(pkl.toByteArray(), tail), new String[0], new byte[0][]));
        }
        Hostile.refuses("pickle: _rebuild_from_type_v2 nested 200,000 deep", CheckpointException.class,
                "nested deeper than", () -> TorchCheckpoint.open(p).close());
    }

    @Test
    void safetensorsWithTrailingBytes() throws IOException {
        Path p = dir.resolve("trailing.safetensors");
        SafetensorsWriter w = new SafetensorsWriter();
        w.addF32("w", new float[] {1, 2}, 2);
        w.write(p);
        Files.write(p, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Hostile.refuses("safetensors: 3 bytes after the last tensor", CheckpointException.class,
                "3 bytes follow the last tensor", () -> SafetensorsFile.open(p).close());
    }

    @Test
    void shardSymlinkOutsideTheModelFolder() throws IOException {
        Path outside = dir.resolve("elsewhere.safetensors");
        SafetensorsWriter w = new SafetensorsWriter();
        w.addF32("w", new float[] {1, 2}, 2);
        w.write(outside);
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.createSymbolicLink(model.resolve("model-00001-of-00001.safetensors"), outside);
        Files.writeString(model.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"w\": \"model-00001-of-00001.safetensors\"}}");
        Hostile.refuses("sharded safetensors: shard is a symbolic link outside the model folder",
                CheckpointException.class, "outside the model folder",
                () -> ShardedSafetensors.open(model.resolve("model.safetensors.index.json")).close());
    }

    private static void assertThatFileIsSmall(Path p) throws IOException {
        org.assertj.core.api.Assertions.assertThat(Files.size(p)).isLessThan(1 << 20);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
