package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built malformed files: each must fail on open with a reason naming what is wrong. */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    /** A file with the given header JSON (unpadded) and {@code dataBytes} zero bytes of data. */
    private Path file(String json, int dataBytes) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return write(b.array());
    }

    private Path write(byte[] bytes) throws IOException {
        Path p = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(p, bytes);
        return p;
    }

    private void assertFails(Path p, String reason) {
        assertThatThrownBy(() -> SafetensorsFile.open(p))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(p + ": " + reason);
    }

    @Test
    void validMinimalFileOpens() throws IOException {
        Path p = file("{\"a\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[16,16]}}", 16);
        try (SafetensorsFile st = SafetensorsFile.open(p)) {
            assertThat(st.readLongs("a")).containsExactly(0, 0);
            assertThat(st.readFloats("e")).isEmpty();
            assertThat(st.metadata()).isEmpty();
        }
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        assertFails(write(new byte[5]), "file is 5 bytes, too short for the 8-byte header length");
    }

    @Test
    void truncatedFile() throws IOException {
        Path good = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16);
        byte[] bytes = Files.readAllBytes(good);
        assertFails(write(Arrays.copyOf(bytes, bytes.length - 3)),
                "tensor w: data_offsets end 16 is beyond the 13 data bytes in the file");
        assertFails(write(Arrays.copyOf(bytes, 30)),
                "header length 55 exceeds the 22 bytes after the length field (file is truncated or not safetensors)");
    }

    @Test
    void headerLengthBeyondFile() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000);
        assertFails(write(b.array()),
                "header length 1000 exceeds the 56 bytes after the length field (file is truncated or not safetensors)");
    }

    /** A 10-GB (and a u64-negative) length must be refused before anything is allocated: no OutOfMemoryError. */
    @Test
    void hugeHeaderLengthIsRefusedWithoutAllocating() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(10_000_000_000L);
        assertFails(write(b.array()), "header length 10000000000 exceeds the limit of 100000000 bytes");
        ByteBuffer negative = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
        assertFails(write(negative.array()), "header length 18446744073709551615 exceeds the limit of 100000000 bytes");
    }

    @Test
    void headerNotJson() throws IOException {
        Path p = file("{\"w\": [1, 2", 0);
        assertThatThrownBy(() -> SafetensorsFile.open(p))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(p + ": header is not valid JSON: ");
        assertFails(file("[1, 2, 3]", 0), "header must be a JSON object, found array");
        assertThatThrownBy(() -> SafetensorsFile.open(file("{} {}", 0)))
                .hasMessageContaining("header is not valid JSON");
        assertThatThrownBy(() -> SafetensorsFile.open(file("{\"a\":{},\"a\":{}}", 0)))
                .hasMessageContaining("header is not valid JSON: Duplicate field 'a'");
    }

    @Test
    void overlappingOffsets() throws IOException {
        assertFails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16),
                "tensors a [0, 16) and b [8, 16) overlap in data_offsets");
        // listed out of order in the JSON, overlapping in the file
        assertFails(file("{\"z\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 16),
                "tensors z [0, 8) and a [4, 12) overlap in data_offsets");
    }

    @Test
    void wrongByteLengthForDtypeAndShape() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", 24),
                "tensor w: data_offsets [0, 24] span 24 bytes but F16 [2, 3] needs 12");
    }

    @Test
    void unknownDtype() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2),
                "tensor w: unknown dtype \"F8_E4M3\" (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
    }

    @Test
    void negativeDimension() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-2],\"data_offsets\":[0,0]}}", 0),
                "tensor w: negative dimension -2 in shape [2, -2]");
    }

    @Test
    void elementCountOverflow() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0),
                "tensor w: shape [4294967296, 4294967296] has more elements than fit in 64 bits");
    }

    @Test
    void missingAndMistypedFields() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,0]}}", 0), "tensor w: missing field \"shape\"");
        assertFails(file("{\"w\":{\"shape\":[],\"data_offsets\":[0,4]}}", 4), "tensor w: missing field \"dtype\"");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[]}}", 0), "tensor w: missing field \"data_offsets\"");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4),
                "tensor w: shape[0] must be a 64-bit integer, found 1.5");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4),
                "tensor w: data_offsets must have 2 elements, found 1");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8),
                "tensor w: data_offsets [8, 4] must satisfy 0 <= begin <= end");
        assertFails(file("{\"w\":[1]}", 0), "tensor w: expected a JSON object, found array");
    }

    @Test
    void metadataMustBeAStringMap() throws IOException {
        assertFails(file("{\"__metadata__\":{\"format\":\"pt\",\"n\":3}}", 0),
                "__metadata__ value of \"n\" must be a string, found number");
        assertFails(file("{\"__metadata__\":\"pt\"}", 0), "__metadata__ must be a JSON object of strings, found string");
        try (SafetensorsFile st = SafetensorsFile.open(file("{\"__metadata__\":{\"format\":\"pt\"}}", 0))) {
            assertThat(st.metadata()).containsExactly(java.util.Map.entry("format", "pt"));
            assertThat(st.names()).isEmpty();
        }
    }
}
