package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets beyond 2 GiB, as in large checkpoints. Uses a 3 GiB sparse file: free on Linux and macOS file systems,
 * but a real 3 GiB write where sparse files are not supported, hence "slow".
 */
@Tag("slow")
class LargeFileTest {
    private static final long PAD = 3L << 30;

    @TempDir
    Path dir;

    @Test
    void tensorsBeyondTwoGigabytesAreMappedAndOversizedOnesRefused() throws IOException {
        String json = "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + PAD + "],\"data_offsets\":[0," + PAD + "]},"
                + "\"far\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + PAD + "," + (PAD + 16) + "]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("large.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            raf.write(header);
            raf.seek(8 + header.length + PAD);
            ByteBuffer far = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            far.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).putFloat(4f);
            raf.write(far.array());
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.fileOffset("far")).isGreaterThan(Integer.MAX_VALUE);
            assertThat(st.readFloats("far")).containsExactly(1.5f, -2f, 3.25f, 4f);
            assertThat(st.readRaw("far").getFloat(8)).isEqualTo(3.25f);
            assertThatThrownBy(() -> st.readLongs("pad"))
                    .hasMessage(file + ": tensor pad has 3221225472 elements, more than a Java array holds (2147483639)");
            assertThatThrownBy(() -> st.readRaw("pad"))
                    .hasMessage(file + ": tensor pad is 3221225472 bytes, more than a ByteBuffer can address");
        }
    }
}
