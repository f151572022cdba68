package dev.deberta4j.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a resumable download that does not depend on where the bytes come from: reading where a 206 response
 * starts, and appending a response body to the partial file under a {@link StallWatchdog}. The Hub's blob
 * downloader and the benchmark data fetcher both build their retry loops on it.
 */
public final class PartialFileTransfer {

    private static final int BUFFER_BYTES = 1 << 20;
    private static final Pattern CONTENT_RANGE_START = Pattern.compile("bytes (\\d+)-");

    private PartialFileTransfer() {
    }

    /** The first byte of a 206 response, from {@code Content-Range}; empty when the header is absent or unusable. */
    public static OptionalLong contentRangeStart(HttpResponse<?> response) {
        String header = response.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE_START.matcher(header);
        return m.lookingAt() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /**
     * Writes the body of {@code response} into {@code part} from byte {@code start} on, cutting the file there first
     * (so a 200 answer to a Range request, {@code start} 0, starts over), and reports the length on disk after each
     * chunk. A body that delivers nothing for {@code stallTimeout} is closed; the IOException then names
     * {@code sourceHost}. Closes the body in every case.
     *
     * @return the length of {@code part} when the body ended
     */
    public static long appendBody(HttpResponse<InputStream> response, long start, Path part, Duration stallTimeout,
            String sourceHost, LongConsumer progress) throws IOException {
        try (InputStream in = response.body();
             StallWatchdog watchdog = new StallWatchdog(in, stallTimeout);
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(start);
            out.position(start);
            long done = start;
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(ByteBuffer.wrap(buffer, 0, n));
                    done += n;
                    watchdog.progressed(done);
                    progress.accept(done);
                }
            } catch (IOException e) {
                if (watchdog.fired()) {
                    throw new IOException("no data for " + stallTimeout.toSeconds() + " s from " + sourceHost, e);
                }
                throw e;
            }
            return done;
        }
    }
}
