package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every reference encoding produced by Hugging Face tokenizers must be reproduced exactly. */
class ReferenceEncodingsTest {
    private static final Path KO = ReferenceCase.ROOT.resolve("ko-unigram-8k");
    private static final Path ELECTRA = ReferenceCase.ROOT.resolve("koelectra-v1-wordpiece");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Tokenizer ko = Tokenizer.load(KO);
        Tokenizer koLegacy = Tokenizer.fromTokenizerJson(KO.resolve("tokenizer.legacy-metaspace.json"),
                TokenizerConfig.read(KO));
        Tokenizer koSpm = Tokenizer.fromSentencePiece(KO.resolve("spm.model"), TokenizerConfig.read(KO));
        Tokenizer electra = Tokenizer.load(ELECTRA);
        // the same vocabulary as a vocab.txt-only BERT repository (BertConverter's rules from tokenizer_config.json)
        Tokenizer electraVocab = Tokenizer.load(ELECTRA.resolve("vocab.txt"));
        for (ReferenceCase c : ReferenceCase.load("ko-unigram-8k")) {
            out.add(Arguments.of("ko-unigram-8k", ko, c));
            out.add(Arguments.of("ko-unigram-8k legacy", koLegacy, c));
            out.add(Arguments.of("ko-unigram-8k spm.model", koSpm, c));
        }
        for (ReferenceCase c : ReferenceCase.load("koelectra-v1-wordpiece")) {
            out.add(Arguments.of("koelectra", electra, c));
            out.add(Arguments.of("koelectra vocab.txt", electraVocab, c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void matchesReference(String name, Tokenizer tokenizer, ReferenceCase c) {
        Encoding e = tokenizer.encode(c.text(), c.pair(), EncodeOptions.defaults());
        assertMatches(e, c.expected(), c.id());
        assertThat(tokenizer.decode(e.ids(), true)).as(c.id() + " decoded").isEqualTo(c.expected().get("decoded").asText());

        JsonNode t = c.expected().get("truncated");
        assertThat(t.get("strategy").asText()).isEqualTo("longest_first");
        Encoding truncated = tokenizer.encode(c.text(), c.pair(), EncodeOptions.defaults()
                .withTruncation(EncodeOptions.Truncation.longestFirst(t.get("max_length").asInt())));
        assertMatches(truncated, t, c.id() + " truncated");
    }

    static void assertMatches(Encoding e, JsonNode expected, String what) {
        assertThat(e.tokens()).as(what + " tokens").containsExactly(ReferenceCase.strings(expected.get("tokens")));
        assertThat(e.ids()).as(what + " ids").containsExactly(ReferenceCase.ints(expected.get("ids")));
        assertThat(e.offsets()).as(what + " offsets").containsExactly(ReferenceCase.offsets(expected.get("offsets")));
        assertThat(e.typeIds()).as(what + " type ids").containsExactly(ReferenceCase.ints(expected.get("token_type_ids")));
        assertThat(e.attentionMask()).as(what + " attention")
                .containsExactly(ReferenceCase.ints(expected.get("attention_mask")));
        assertThat(e.specialTokensMask()).as(what + " special mask")
                .containsExactly(ReferenceCase.ints(expected.get("special_tokens_mask")));
        assertThat(e.wordIds()).as(what + " word ids").containsExactly(ReferenceCase.ints(expected.get("word_ids")));
    }

    @Test
    void referenceFilesAreComplete() {
        assertThat(ReferenceCase.load("ko-unigram-8k")).hasSize(214);
        assertThat(ReferenceCase.load("koelectra-v1-wordpiece")).hasSize(214);
    }
}
