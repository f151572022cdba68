package dev.deberta4j.corpus;

import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCacheTest {
    private static final Path TOKENIZER = Path.of("src/test/resources/tokenizers/ko-unigram-8k");

    @TempDir
    Path dir;

    /** Records what the listener heard. */
    private static final class Heard implements CorpusTokenization.Listener {
        final List<String> events = new ArrayList<>();
        long lastProgress = -1;

        @Override public void reused(TokenCache cache) { events.add("reused"); }
        @Override public void rebuilding(Path file, String why) { events.add("rebuilding: " + why); }
        @Override public void tokenizing(long totalBytes) { events.add("tokenizing"); }
        @Override public void progress(long bytes) {
            assertThat(bytes).isGreaterThanOrEqualTo(lastProgress);
            lastProgress = bytes;
        }
        @Override public void built(TokenCache cache, long documents, long tokens) {
            events.add("built " + documents + " documents");
        }
    }

    private TextCorpus corpus(String... lines) throws IOException {
        Files.writeString(dir.resolve("corpus.txt"), String.join("\n", lines) + "\n");
        return TextCorpus.of(List.of(dir.resolve("corpus.txt")));
    }

    @Test
    void packsTheTokenizersIdsAndReadsThemBackThroughTheMapping() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TOKENIZER);
        String[] docs = {"이 영화 정말 재밌어요", "날씨가 좋아서 산책을 했다", "한국어 문장을 토큰으로 나눈다"};
        TextCorpus corpus = corpus(docs);
        Heard heard = new Heard();
        Path file = dir.resolve("cache/tokens.bin");
        try (TokenCache cache = CorpusTokenization.openOrBuild(file, corpus, tokenizer, TOKENIZER, 16, heard)) {
            assertThat(heard.events).containsExactly("tokenizing", "built 3 documents");
            assertThat(heard.lastProgress).isEqualTo(corpus.sizeOnDisk());
            assertThat(cache.header().bytesPerId()).isEqualTo(2);
            assertThat(cache.header().vocabSize()).isEqualTo(tokenizer.vocabSize());
            // The expected stream: [CLS] doc1 [SEP] doc2 [SEP] doc3, cut into sequences of 14 content tokens.
            List<Integer> stream = new ArrayList<>();
            for (String d : docs) {
                if (!stream.isEmpty()) stream.add(tokenizer.sepId());
                for (int id : tokenizer.encode(d, null, EncodeOptions.defaults().withAddSpecialTokens(false)).ids()) {
                    stream.add(id);
                }
            }
            List<Integer> read = new ArrayList<>();
            int[] seq = new int[16];
            for (long s = 0; s < cache.sequences(); s++) {
                int n = cache.read(s, seq, 0);
                assertThat(seq[0]).isEqualTo(tokenizer.clsId());
                assertThat(seq[n - 1]).isEqualTo(tokenizer.sepId());
                for (int i = 1; i < n - 1; i++) read.add(seq[i]);
                if (s < cache.sequences() - 1) assertThat(n).isGreaterThanOrEqualTo(15);
            }
            // Separators at sequence boundaries are dropped, nothing else is.
            List<Integer> withoutBoundarySeps = new ArrayList<>(stream);
            assertThat(read.size()).isLessThanOrEqualTo(withoutBoundarySeps.size());
            withoutBoundarySeps.removeIf(id -> id == tokenizer.sepId());
            List<Integer> readNoSep = new ArrayList<>(read);
            readNoSep.removeIf(id -> id == tokenizer.sepId());
            assertThat(readNoSep).isEqualTo(withoutBoundarySeps);
        }
    }

    @Test
    void reusesAMatchingCacheAndRebuildsWhenCorpusOrLengthChange() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TOKENIZER);
        Path file = dir.resolve("tokens.bin");
        TextCorpus corpus = corpus("첫 문서", "둘째 문서");
        CorpusTokenization.openOrBuild(file, corpus, tokenizer, TOKENIZER, 8, new Heard()).close();

        Heard again = new Heard();
        CorpusTokenization.openOrBuild(file, corpus, tokenizer, TOKENIZER, 8, again).close();
        assertThat(again.events).containsExactly("reused");

        Heard longer = new Heard();
        CorpusTokenization.openOrBuild(file, corpus, tokenizer, TOKENIZER, 16, longer).close();
        assertThat(longer.events.getFirst()).startsWith("rebuilding: built from another corpus");

        Heard edited = new Heard();
        CorpusTokenization.openOrBuild(file, corpus("첫 문서", "바뀐 문서"), tokenizer, TOKENIZER, 16, edited).close();
        assertThat(edited.events.getFirst()).startsWith("rebuilding");
        assertThat(edited.events).contains("built 2 documents");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(".tokens.bin.tmp-");
        }
    }

    @Test
    void truncatedOrCorruptCachesAreDetectedAndRebuilt() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TOKENIZER);
        Path file = dir.resolve("tokens.bin");
        TextCorpus corpus = corpus("첫 문서입니다 길게 써 봅니다", "둘째 문서도 조금 길게 씁니다");
        CorpusTokenization.openOrBuild(file, corpus, tokenizer, TOKENIZER, 8, new Heard()).close();
        long size = Files.size(file);

        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(size - 3);
            raf.write(raf.read() ^ 1);   // one flipped bit in the ids
        }
        assertThatThrownBy(() -> TokenCache.open(file)).isInstanceOf(CorpusException.class)
                .hasMessageContaining("corrupt token ids");
        Heard corrupt = new Heard();
        CorpusTokenization.openOrBuild(file, corpus, tokenizer, TOKENIZER, 8, corrupt).close();
        assertThat(corrupt.events.getFirst()).contains("corrupt token ids");

        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 2);
        }
        assertThatThrownBy(() -> TokenCache.open(file)).hasMessageContaining("truncated");

        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(12);
            raf.write(7);   // the vocabulary size, under the header checksum
        }
        assertThatThrownBy(() -> TokenCache.open(file)).hasMessageContaining("corrupt header");
        Files.writeString(file, "not a token cache. ".repeat(20));
        assertThatThrownBy(() -> TokenCache.open(file)).hasMessageContaining("bad magic");
    }

    @Test
    void largeVocabulariesAreStoredAsInt32() throws IOException {
        Path file = dir.resolve("wide.bin");
        try (TokenCache.Writer w = new TokenCache.Writer(file, 100_000, 4, 0, new byte[32])) {
            w.write(new int[]{1, 99_999, 70_000, 2});
            w.write(new int[]{1, 5, 2, 0});
            w.commit();
        }
        try (TokenCache cache = TokenCache.open(file)) {
            assertThat(cache.header().bytesPerId()).isEqualTo(4);
            int[] seq = new int[8];
            assertThat(cache.read(0, seq, 4)).isEqualTo(4);
            assertThat(seq).containsExactly(0, 0, 0, 0, 1, 99_999, 70_000, 2);
            assertThat(cache.read(1, seq, 0)).isEqualTo(3);
            assertThatThrownBy(() -> cache.read(2, seq, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void anEmptyCorpusIsAnError() throws IOException {
        Files.writeString(dir.resolve("c.txt"), "\n  \n");
        TextCorpus corpus = TextCorpus.of(List.of(dir.resolve("c.txt")));
        assertThatThrownBy(() -> CorpusTokenization.openOrBuild(dir.resolve("t.bin"), corpus,
                Tokenizer.load(TOKENIZER), TOKENIZER, 8, new Heard())).hasMessageContaining("holds no text");
        assertThat(dir.resolve("t.bin")).doesNotExist();
    }
}
