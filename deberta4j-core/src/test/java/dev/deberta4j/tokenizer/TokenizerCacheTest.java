package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** The binary tokenizer cache: what it gives back equals the JSON's tokenizer, and anything unfit is ignored. */
class TokenizerCacheTest {
    private static final Path KO = ReferenceCase.ROOT.resolve("ko-unigram-8k");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private Path copy(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.copy(KO.resolve(name), file);
        return file;
    }

    /** The tokenizer the cache beside {@code file} holds, or null when it would not be used. */
    private static Tokenizer fromCache(Path file) throws IOException {
        byte[] source = Files.readAllBytes(file);
        CRC32 crc = new CRC32();
        crc.update(source);
        TokenizerJsonReader.Result r = TokenizerCache.readCache(TokenizerCache.cacheFile(file), source.length,
                (int) crc.getValue(), file.getFileName().toString());
        return r == null ? null : new Tokenizer(r.pipeline(), TokenizerConfig.read(KO), EncodeOptions.defaults(), 0);
    }

    private static Tokenizer load(Path file, TokenizerCache.Mode mode) {
        TokenizerJsonReader.Result r = TokenizerCache.read(file, mode);
        return new Tokenizer(r.pipeline(), TokenizerConfig.read(KO), EncodeOptions.defaults(), 0);
    }

    @Test
    void cachedTokenizerReproducesEveryReferenceEncoding() throws IOException {
        for (String name : new String[] {"tokenizer.json", "tokenizer.legacy-metaspace.json"}) {
            Path file = copy(name);
            load(file, TokenizerCache.Mode.WRITE);
            Tokenizer cached = fromCache(file);
            assertThat(cached).as(name + " cache").isNotNull();
            Tokenizer json = load(file, TokenizerCache.Mode.OFF);
            assertThat(cached.vocabSize()).isEqualTo(json.vocabSize());
            for (ReferenceCase c : ReferenceCase.load("ko-unigram-8k")) {
                Encoding e = cached.encode(c.text(), c.pair(), EncodeOptions.defaults());
                ReferenceEncodingsTest.assertMatches(e, c.expected(), name + " cached " + c.id());
                assertThat(cached.decode(e.ids(), true)).isEqualTo(c.expected().get("decoded").asText());
            }
            for (int id = 0; id < json.vocabSize(); id += 97) {
                assertThat(cached.idToToken(id)).isEqualTo(json.idToToken(id));
                assertThat(cached.tokenToId(json.idToToken(id))).isEqualTo(json.tokenToId(json.idToToken(id)));
            }
        }
    }

    @Test
    void onlyWriteModeWritesAndReadModeUsesIt() throws IOException {
        Path file = copy("tokenizer.json");
        Path cache = TokenizerCache.cacheFile(file);
        load(file, TokenizerCache.Mode.READ);
        load(file, TokenizerCache.Mode.OFF);
        assertThat(cache).doesNotExist();
        load(file, TokenizerCache.Mode.WRITE);
        assertThat(cache).isRegularFile();
        assertThat(fromCache(file)).isNotNull();
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tokenizer.json", "tokenizer.json" + TokenizerCache.SUFFIX);
        }
    }

    @Test
    void damagedCacheIsIgnoredAndTheJsonRead() throws IOException {
        Path file = copy("tokenizer.json");
        Path cache = TokenizerCache.cacheFile(file);
        load(file, TokenizerCache.Mode.WRITE);
        byte[] good = Files.readAllBytes(cache);
        String text = "이 영화 정말 재밌어요 ㅋㅋ";
        int[] expected = load(file, TokenizerCache.Mode.OFF).encode(text).ids();

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10;
        byte[] newerVersion = good.clone();
        newerVersion[11]++;
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 7);
        for (byte[] bad : new byte[][] {flipped, newerVersion, truncated, new byte[0], "not a cache".getBytes()}) {
            Files.write(cache, bad);
            assertThat(fromCache(file)).isNull();
            assertThat(load(file, TokenizerCache.Mode.READ).encode(text).ids()).isEqualTo(expected);
        }
        load(file, TokenizerCache.Mode.WRITE);
        assertThat(Files.readAllBytes(cache)).as("rewritten").isEqualTo(good);
    }

    @Test
    void cacheOfAnotherTokenizerJsonIsIgnored() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        ObjectNode json = (ObjectNode) MAPPER.readTree(KO.resolve("tokenizer.json").toFile());
        Files.writeString(file, MAPPER.writeValueAsString(json));
        load(file, TokenizerCache.Mode.WRITE);
        // Two pieces' scores swapped: the same length, only the content digest tells the files apart.
        ArrayNode vocab = (ArrayNode) json.get("model").get("vocab");
        ArrayNode a = (ArrayNode) vocab.get(100);
        ArrayNode b = (ArrayNode) vocab.get(2000);
        assertThat(a.get(1).asDouble()).isNotEqualTo(b.get(1).asDouble());
        var score = a.get(1);
        a.set(1, b.get(1));
        b.set(1, score);
        long length = Files.size(file);
        Files.writeString(file, MAPPER.writeValueAsString(json));
        assertThat(Files.size(file)).isEqualTo(length);
        assertThat(fromCache(file)).isNull();
        Tokenizer reread = load(file, TokenizerCache.Mode.WRITE);
        Tokenizer cached = fromCache(file);
        assertThat(cached).as("rewritten for the new file").isNotNull();
        String text = a.get(0).asText().replace("\u2581", " ") + b.get(0).asText().replace("\u2581", " ");
        assertThat(cached.encode(text).ids()).isEqualTo(reread.encode(text).ids());
    }

    @Test
    void oddPiecesSurviveTheRoundTrip() throws IOException {
        // An empty piece, a lone surrogate, a supplementary char and a duplicate (the later id wins).
        String json = """
                {"version": "1.0", "normalizer": null, "pre_tokenizer": null, "post_processor": null, "decoder": null,
                 "model": {"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [
                   ["<unk>", 0.0], ["", -1.0], ["\\ud800", -2.0], ["\uD83D\uDE00", -3.0], ["ab", -4.0], ["a", -5.0],
                   ["ab", -6.0], ["b", -7.0]]}}
                """;
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json);
        Tokenizer fromJson = load(file, TokenizerCache.Mode.WRITE);
        Tokenizer cached = fromCache(file);
        assertThat(cached).isNotNull();
        for (Tokenizer t : new Tokenizer[] {fromJson, cached}) {
            assertThat(t.tokenToId("")).isEqualTo(1);
            assertThat(t.tokenToId("\ud800")).isEqualTo(2);
            assertThat(t.tokenToId("\uD83D\uDE00")).isEqualTo(3);
            assertThat(t.tokenToId("ab")).isEqualTo(6);
            assertThat(t.tokenToId("abc")).isEqualTo(-1);
            assertThat(t.idToToken(2)).isEqualTo("\ud800");
        }
        assertThat(cached.encode("ab\uD83D\uDE00a\ud800").ids()).isEqualTo(fromJson.encode("ab\uD83D\uDE00a\ud800").ids());
    }

    @Test
    void otherModelTypesAreNotCached() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.copy(ReferenceCase.ROOT.resolve("koelectra-v1-wordpiece/tokenizer.json"), file);
        TokenizerCache.read(file, TokenizerCache.Mode.WRITE);
        assertThat(TokenizerCache.cacheFile(file)).doesNotExist();
    }
}
