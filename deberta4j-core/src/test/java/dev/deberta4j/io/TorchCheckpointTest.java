package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TorchCheckpointTest {
    private static final Path SAFETENSORS = Fixtures.path("v2-tokentype-abs-pos/model.safetensors");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"torch-zip", "torch-legacy"})
    void torchFilesHoldBitIdenticalTensorsToSafetensors(String format) {
        Path bin = Fixtures.path("v2-tokentype-abs-pos/formats/" + format + "/pytorch_model.bin");
        try (TorchCheckpoint torch = TorchCheckpoint.open(bin); SafetensorsFile st = SafetensorsFile.open(SAFETENSORS)) {
            assertThat(torch.path()).isEqualTo(bin);
            assertThat(torch.names()).containsExactlyElementsOf(st.names());
            for (String name : st.names()) {
                assertThat(torch.info(name)).isEqualTo(st.info(name));
                float[] expected = st.readFloats(name);
                float[] actual = torch.readFloats(name);
                assertThat(actual.length).isEqualTo(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                        throw new AssertionError(name + "[" + i + "]: " + actual[i] + " != " + expected[i]);
                    }
                }
                assertThat(torch.readRaw(name)).isEqualTo(st.readRaw(name));
            }
            assertThatThrownBy(() -> torch.info("missing"))
                    .hasMessage(bin + ": no tensor named \"missing\" (51 tensors)");
        }
    }

    private Path zip(byte[] dataPkl, String[] keys, byte[][] storages) throws IOException {
        Path p = dir.resolve("pytorch_model.bin");
        Files.write(p, PickleBuilder.torchZip(dataPkl, keys, storages));
        return p;
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** A single-tensor state dict {name: tensor} as torch.save would write it. */
    private static byte[] stateDict(String name, String key, long numel, long offset, long[] size, long[] stride) {
        return new PickleBuilder().proto().op('}').mark().unicode(name)
                .floatTensor(key, numel, offset, size, stride).op('u').stop().bytes();
    }

    @Test
    void stridedAndOffsetViewsAreMaterialisedRowMajor() throws IOException {
        // storage 0..5 viewed as the transpose of a 2x3 matrix: [[0,3],[1,4],[2,5]]
        byte[] pkl = new PickleBuilder().proto().op('}').mark()
                .unicode("transposed").floatTensor("0", 6, 0, new long[] {3, 2}, new long[] {1, 3})
                .unicode("row1").floatTensor("0", 6, 3, new long[] {3}, new long[] {1})
                .unicode("column2").floatTensor("0", 6, 2, new long[] {2, 1}, new long[] {3, 7})
                .unicode("scalar").floatTensor("0", 6, 4, new long[] {}, new long[] {})
                .op('u').stop().bytes();
        Path p = zip(pkl, new String[] {"0"}, new byte[][] {floats(0, 1, 2, 3, 4, 5)});
        try (TorchCheckpoint t = TorchCheckpoint.open(p)) {
            assertThat(t.names()).containsExactly("column2", "row1", "scalar", "transposed");
            assertThat(t.info("transposed").shape()).containsExactly(3, 2);
            assertThat(t.readFloats("transposed")).containsExactly(0, 3, 1, 4, 2, 5);
            assertThat(t.readFloats("row1")).containsExactly(3, 4, 5);
            assertThat(t.readFloats("column2")).containsExactly(2, 5);
            assertThat(t.readFloats("scalar")).containsExactly(4);
        }
    }

    /** torch stores storages uncompressed and they are mapped; a deflated archive is read through ZipFile. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void storedStoragesAreMappedAndDeflatedOnesStreamed(boolean deflate) throws IOException {
        byte[] pkl = new PickleBuilder().proto().op('}').mark()
                .unicode("a").floatTensor("0", 4, 1, new long[] {3}, new long[] {1})
                .unicode("b").floatTensor("1", 2, 0, new long[] {2, 1}, new long[] {1, 1})
                .op('u').stop().bytes();
        Path p = dir.resolve("pytorch_model.bin");
        Files.write(p, PickleBuilder.torchZip(pkl, new String[] {"0", "1"}, new byte[][] {floats(9, 8, 7, 6), floats(-1, -2)}, deflate));
        try (TorchCheckpoint t = TorchCheckpoint.open(p)) {
            assertThat(t.readFloats("a")).containsExactly(8, 7, 6);
            assertThat(t.readFloats("b")).containsExactly(-1, -2);
            assertThat(t.readRaw("a").isDirect()).as("a view of the mapped file").isEqualTo(!deflate);
        }
    }

    @Test
    void legacyStorageViewsAndStridesAreHonoured() throws IOException {
        // root storage "7" = 0..9; a view of it starting at element 4 (size 6), read transposed as 2x3 from offset 0
        byte[] pkl = new PickleBuilder().proto().op('}').mark()
                .unicode("viewed").floatTensorOfView("7", 10, 4, 6, 0, new long[] {3, 2}, new long[] {1, 3})
                .unicode("plain").floatTensor("8", 2, 0, new long[] {2}, new long[] {1})
                .op('u').stop().bytes();
        Path p = dir.resolve("legacy.bin");
        Files.write(p, PickleBuilder.legacyFile(pkl, new String[] {"7", "8"},
                new float[][] {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {42, 43}}));
        try (TorchCheckpoint t = TorchCheckpoint.open(p)) {
            assertThat(t.readFloats("viewed")).containsExactly(4, 7, 5, 8, 6, 9);
            assertThat(t.readFloats("plain")).containsExactly(42, 43);
        }
    }

    @Test
    void legacyStorageCountMustMatchThePickle() throws IOException {
        byte[] pkl = new PickleBuilder().proto().op('}').mark()
                .unicode("w").floatTensor("0", 3, 0, new long[] {3}, new long[] {1}).op('u').stop().bytes();
        Path p = dir.resolve("legacy.bin");
        Files.write(p, PickleBuilder.legacyFile(pkl, new String[] {"0"}, new float[][] {{1, 2}}));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .hasMessage(p + ": storage 0 holds 2 elements but the pickle declares 3");
        Files.write(p, PickleBuilder.legacyFile(pkl, new String[] {"0", "9"}, new float[][] {{1, 2, 3}}));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .hasMessage(p + ": storage key 9 is not declared by any tensor");
    }

    /** More than 65535 entries force the zip64 end records, which the mapping code must follow. */
    @Test
    void zip64ArchivesAreMappedToo() throws IOException {
        byte[] pkl = stateDict("w", "0", 2, 0, new long[] {2}, new long[] {1});
        Path p = dir.resolve("pytorch_model.bin");
        try (var zip = new java.util.zip.ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(p), 1 << 20))) {
            zip.setMethod(java.util.zip.ZipOutputStream.STORED);
            storedEntry(zip, "archive/data.pkl", pkl);
            for (int i = 0; i < 70_000; i++) {
                storedEntry(zip, "archive/pad/" + i, new byte[0]);
            }
            storedEntry(zip, "archive/data/0", floats(3, 4));
        }
        try (TorchCheckpoint t = TorchCheckpoint.open(p)) {
            assertThat(t.readFloats("w")).containsExactly(3, 4);
            assertThat(t.readRaw("w").isDirect()).isTrue();
        }
    }

    private static void storedEntry(java.util.zip.ZipOutputStream zip, String name, byte[] data) throws IOException {
        java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(name);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        e.setSize(data.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    @Test
    void viewBeyondItsStorageIsRefused() throws IOException {
        Path p = zip(stateDict("w", "0", 6, 2, new long[] {2, 3}, new long[] {3, 1}), new String[] {"0"},
                new byte[][] {floats(0, 1, 2, 3, 4, 5)});
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(p + ": tensor w: view (offset 2, size [2, 3], stride [3, 1]) reaches element 7 of storage 0,"
                        + " which has 6");
    }

    @Test
    void storageSizeMustMatchItsDeclaration() throws IOException {
        Path p = zip(stateDict("w", "0", 6, 0, new long[] {6}, new long[] {1}), new String[] {"0"},
                new byte[][] {floats(0, 1, 2)});
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .hasMessage(p + ": tensor w: storage 0 holds 12 bytes, but F32[6] needs 24");
        Path missing = zip(stateDict("w", "7", 3, 0, new long[] {3}, new long[] {1}), new String[] {"0"},
                new byte[][] {floats(0, 1, 2)});
        assertThatThrownBy(() -> TorchCheckpoint.open(missing))
                .hasMessage(missing + ": tensor w: storage 7 is missing");
    }

    @Test
    void absurdSizesFailAsCheckpointErrorsNotArithmetic() throws IOException {
        Path p = zip(stateDict("w", "0", 6, 0, new long[] {1L << 62, 4}, new long[] {4, 1}), new String[] {"0"},
                new byte[][] {floats(0, 1, 2, 3, 4, 5)});
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(p + ": tensor w: size [4611686018427387904, 4], stride [4, 1] or storage size 6 overflows 64 bits");
    }

    @Test
    void truncatedZipIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.path("v2-tokentype-abs-pos/formats/torch-zip/pytorch_model.bin"));
        Path p = dir.resolve("truncated.bin");
        Files.write(p, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(p + ": not a readable zip archive (truncated or corrupt): ");
    }

    @Test
    void truncatedLegacyFileIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.path("v2-tokentype-abs-pos/formats/torch-legacy/pytorch_model.bin"));
        Path p = dir.resolve("truncated.bin");
        Files.write(p, Arrays.copyOf(whole, whole.length - 100));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .isInstanceOf(CheckpointException.class)
                .hasMessageMatching(".*: file is truncated: storage \\d+ needs \\d+ bytes at offset \\d+ but the file is "
                        + (whole.length - 100) + " bytes");
        Path inPickle = dir.resolve("cut-in-pickle.bin");
        Files.write(inPickle, Arrays.copyOf(whole, 3000));
        assertThatThrownBy(() -> TorchCheckpoint.open(inPickle))
                .hasMessageContaining(": pickle is truncated: needs ");
    }

    @Test
    void neitherZipNorPickleIsRefused() throws IOException {
        Path p = dir.resolve("junk.bin");
        Files.write(p, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .hasMessage(p + ": not a torch checkpoint: expected a zip archive (PK\\3\\4) or a pickle (0x80 0x02), found bytes 01 02 03 04");
    }

    @Test
    void zipWithoutDataPickleIsRefused() throws IOException {
        Path p = dir.resolve("other.zip");
        try (var zip = new java.util.zip.ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(p), 1 << 20))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write(1);
        }
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .hasMessage(p + ": expected one <archive>/data.pkl entry in the zip, found 0 (not a torch.save archive)");
    }

    @Test
    void stateDictMustMapNamesToTensors() throws IOException {
        byte[] pkl = new PickleBuilder().proto().op('}').mark().unicode("epoch").integer(3).op('u').stop().bytes();
        Path p = zip(pkl, new String[0], new byte[0][]);
        assertThatThrownBy(() -> TorchCheckpoint.open(p)).hasMessage(p + ": state dict entry epoch is integer 3, not a tensor");
    }
}
