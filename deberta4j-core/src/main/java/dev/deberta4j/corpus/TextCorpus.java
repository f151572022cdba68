package dev.deberta4j.corpus;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A text corpus: the files named, and every regular file under the directories named (sorted by path, hidden files
 * skipped), each UTF-8 text, gzip-compressed when its name ends in {@code .gz}. A document is one line; blank
 * lines separate nothing and are skipped. Reading streams: the heap holds one line at a time.
 */
public final class TextCorpus {
    private static final int BUFFER_BYTES = 1 << 16;

    private final List<Path> files;

    private TextCorpus(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** Receives the documents of a corpus in order. */
    @FunctionalInterface
    public interface DocumentVisitor {
        /** {@code line} is the 1-based line of {@code text} in {@code file}. */
        void accept(Path file, long line, String text);
    }

    /** The corpus of these inputs (files or directories); an input that does not exist or holds no file is an error. */
    public static TextCorpus of(List<Path> inputs) {
        if (inputs.isEmpty()) throw new CorpusException("no corpus input given");
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isRegularFile(input)) {
                files.add(input);
            } else if (Files.isDirectory(input)) {
                List<Path> found = filesUnder(input);
                if (found.isEmpty()) throw new CorpusException(input + ": the directory holds no text file");
                files.addAll(found);
            } else {
                throw new CorpusException(input + ": no such file or directory");
            }
        }
        return new TextCorpus(files);
    }

    private static List<Path> filesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !isHidden(dir.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CorpusException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }

    public List<Path> files() {
        return files;
    }

    /** Bytes of the files as stored (compressed size for {@code .gz}): the unit of {@link #forEachDocument}'s progress. */
    public long sizeOnDisk() {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new CorpusException(f + ": cannot read: " + e.getMessage(), e);
            }
        }
        return total;
    }

    public void forEachDocument(DocumentVisitor visitor) {
        forEachDocument(visitor, bytes -> { });
    }

    /**
     * Streams every document; {@code bytesRead} hears the stored bytes consumed so far (monotone, ends at
     * {@link #sizeOnDisk()}). Invalid UTF-8 is an error naming the file and line, never replaced silently.
     */
    public void forEachDocument(DocumentVisitor visitor, LongConsumer bytesRead) {
        long before = 0;
        for (Path file : files) {
            long base = before;
            try (CountingStream raw = new CountingStream(Files.newInputStream(file), n -> bytesRead.accept(base + n));
                 InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, BUFFER_BYTES) : raw) {
                readLines(file, in, visitor);
                before = base + raw.count;
            } catch (IOException e) {
                throw new CorpusException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
    }

    /** Splits on LF (a CR before it dropped) and decodes each line on its own, so an error names its exact line. */
    private static void readLines(Path file, InputStream in, DocumentVisitor visitor) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[BUFFER_BYTES];
        byte[] line = new byte[256];
        int length = 0;
        long number = 0;
        for (int n; (n = in.read(chunk)) > 0; ) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] != '\n') continue;
                line = append(line, length, chunk, start, i - start);
                length += i - start;
                emit(file, ++number, utf8, line, length, visitor);
                length = 0;
                start = i + 1;
            }
            line = append(line, length, chunk, start, n - start);
            length += n - start;
        }
        if (length > 0) emit(file, ++number, utf8, line, length, visitor);
    }

    private static byte[] append(byte[] line, int length, byte[] chunk, int from, int count) {
        if (length + count > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        System.arraycopy(chunk, from, line, length, count);
        return line;
    }

    private static void emit(Path file, long number, CharsetDecoder utf8, byte[] line, int length,
                             DocumentVisitor visitor) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(line, 0, end)).toString();
        } catch (CharacterCodingException e) {
            throw new CorpusException(file + ": line " + number + ": invalid UTF-8", e);
        }
        if (number == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
        if (!text.isBlank()) visitor.accept(file, number, text);
    }

    /**
     * SHA-256 over every file's name and bytes, in corpus order: equal digests mean the same documents in the same
     * order (caches built from the corpus key on it). Reads the files once.
     */
    public String contentDigest() {
        MessageDigest corpus = sha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        for (Path file : files) {
            MessageDigest one = sha256();
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) one.update(buffer, 0, n);
            } catch (IOException e) {
                throw new CorpusException(file + ": cannot read: " + e.getMessage(), e);
            }
            corpus.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            corpus.update((byte) 0);
            corpus.update(one.digest());
        }
        return HexFormat.of().formatHex(corpus.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the stored bytes read, for progress. */
    private static final class CountingStream extends FilterInputStream {
        private final LongConsumer listener;
        long count;

        CountingStream(InputStream in, LongConsumer listener) {
            super(in);
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) advance(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) advance(n);
            return n;
        }

        private void advance(long n) {
            count += n;
            listener.accept(count);
        }
    }
}
