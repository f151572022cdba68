package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every supported component (models, normalizers, pre-tokenizers, post-processors, decoders) in small tokenizer.json
 * configurations, checked against the Rust library on generated text: encodings (single and pair) and decoding.
 */
class ComponentParityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int CASES = 300;
    private static final List<String> FIXED = List.of("", " ", "Hello, world! The theory there.", "  leading and trailing  ",
            "한국어 문장입니다. 123,456원!", "café naïve ÅNGSTRÖM Ǆ İstanbul ß", "ＡＢＣ１２３ ｶﾀｶﾅ ㈜ ① ﬁ", "a😀b 👨‍👩‍👧 🇰🇷",
            "tab\tnew\nline\r\n", "<s> x </s> <pad>", "[CLS] [MASK] [SEP]", "12 345 6789 3.14", "don't 'quoted' do not");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bpe-bytelevel", "bpe-roberta", "bpe-bytefallback", "wordpiece-bert-lowercase",
            "wordpiece-pretokenizers", "unigram-nfkc-split", "unigram-metaspace-first", "unigram-nfd-strip",
            "unigram-nfc-replace-string", "unigram-bytefallback", "bpe-sequence-processor", "unigram-split-merged-next"})
    void matchesRust(String name) throws IOException {
        Path file = dir.resolve(name + ".json");
        MAPPER.writeValue(file.toFile(), config(name));
        Tokenizer ours = Tokenizer.fromTokenizerJson(file, TokenizerConfig.defaults());
        List<String> texts = new ArrayList<>(FIXED);
        RandomText gen = new RandomText(name.hashCode());
        for (int i = 0; i < CASES; i++) texts.add(gen.next());
        List<String> failures = new ArrayList<>();
        try (DjlOracle rust = new DjlOracle(file, "false", 0, 0)) {
            for (int i = 0; i < texts.size() && failures.size() < 5; i++) {
                String text = texts.get(i);
                String pair = i % 3 == 0 ? texts.get((i * 7 + 1) % texts.size()) : null;
                String what = name + " text=" + DjlParityTest.escape(text) + (pair == null ? "" : " pair=" + DjlParityTest.escape(pair));
                try {
                    Encoding expected = rust.encode(text, pair);
                    Encoding actual = ours.encode(text, pair, EncodeOptions.defaults());
                    DjlParityTest.assertSame(actual, expected, what);
                    assertThat(ours.decode(actual.ids(), false)).as(what + " decode")
                            .isEqualTo(rust.decode(expected.ids(), false));
                    assertThat(ours.decode(actual.ids(), true)).as(what + " decode skipping specials")
                            .isEqualTo(rust.decode(expected.ids(), true));
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
            }
        }
        assertThat(failures).as("mismatches against Rust tokenizers").isEmpty();
    }

    private static JsonNode read(String tokenizer) throws IOException {
        return MAPPER.readTree(ReferenceCase.ROOT.resolve(tokenizer).resolve("tokenizer.json").toFile());
    }

    private static ObjectNode node(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static ObjectNode config(String name) throws IOException {
        return switch (name) {
            case "bpe-bytelevel" -> byteLevelBpe(node("{'type':'ByteLevel','add_prefix_space':false,'trim_offsets':true,'use_regex':true}"),
                    node("{'type':'ByteLevel','add_prefix_space':true,'trim_offsets':false,'use_regex':true}"));
            case "bpe-roberta" -> {
                ObjectNode t = byteLevelBpe(node("{'type':'RobertaProcessing','sep':['</s>',2],'cls':['<s>',0],'trim_offsets':true,'add_prefix_space':true}"),
                        node("{'type':'ByteLevel','add_prefix_space':true,'trim_offsets':true,'use_regex':true}"));
                yield t;
            }
            case "bpe-sequence-processor" -> byteLevelBpe(node("{'type':'Sequence','processors':["
                    + "{'type':'ByteLevel','add_prefix_space':false,'trim_offsets':true,'use_regex':true},"
                    + "{'type':'TemplateProcessing','single':[{'SpecialToken':{'id':'<s>','type_id':0}},{'Sequence':{'id':'A','type_id':0}},{'SpecialToken':{'id':'</s>','type_id':0}}],"
                    + "'pair':[{'SpecialToken':{'id':'<s>','type_id':0}},{'Sequence':{'id':'A','type_id':0}},{'SpecialToken':{'id':'</s>','type_id':0}},{'Sequence':{'id':'B','type_id':1}},{'SpecialToken':{'id':'</s>','type_id':1}}],"
                    + "'special_tokens':{'<s>':{'id':'<s>','ids':[0],'tokens':['<s>']},'</s>':{'id':'</s>','ids':[2],'tokens':['</s>']}}}]}"),
                    node("{'type':'Sequence','pretokenizers':[{'type':'Digits','individual_digits':false},{'type':'ByteLevel','add_prefix_space':false,'trim_offsets':true,'use_regex':true}]}"));
            case "bpe-bytefallback" -> {
                ObjectNode t = node("{'version':'1.0','truncation':null,'padding':null,'added_tokens':[],"
                        + "'normalizer':{'type':'Sequence','normalizers':[{'type':'Prepend','prepend':'▁'},{'type':'Replace','pattern':{'String':' '},'content':'▁'}]},"
                        + "'pre_tokenizer':null,'post_processor':null,"
                        + "'decoder':{'type':'Sequence','decoders':[{'type':'Replace','pattern':{'String':'▁'},'content':' '},{'type':'ByteFallback'},{'type':'Fuse'},{'type':'Strip','content':' ','start':1,'stop':0}]}}");
                ObjectNode model = node("{'type':'BPE','dropout':null,'unk_token':'<unk>','continuing_subword_prefix':null,'end_of_word_suffix':null,'fuse_unk':true,'byte_fallback':true}");
                ObjectNode vocab = MAPPER.createObjectNode();
                vocab.put("<unk>", 0);
                for (int b = 0; b < 256; b++) vocab.put(String.format("<0x%02X>", b), 1 + b);
                String chars = "▁abcdefghijklmnopqrstuvwxyz한국어문장입니다.,!";
                int id = 257;
                for (int i = 0; i < chars.length(); i++) vocab.put(String.valueOf(chars.charAt(i)), id++);
                ArrayNode merges = MAPPER.createArrayNode();
                for (String m : new String[]{"▁ t", "h e", "▁t he", "i n", "e r", "▁ a", "한 국", "한국 어", "o n", "r e"}) {
                    merges.add(m);
                    vocab.put(m.replace(" ", ""), id++);
                }
                model.set("vocab", vocab);
                model.set("merges", merges);
                t.set("model", model);
                yield t;
            }
            case "wordpiece-bert-lowercase" -> {
                ObjectNode t = (ObjectNode) read("koelectra-v1-wordpiece");
                t.set("normalizer", node("{'type':'BertNormalizer','clean_text':true,'handle_chinese_chars':true,'strip_accents':null,'lowercase':true}"));
                t.set("post_processor", node("{'type':'BertProcessing','sep':['[SEP]',3],'cls':['[CLS]',2]}"));
                yield t;
            }
            case "wordpiece-pretokenizers" -> {
                ObjectNode t = (ObjectNode) read("koelectra-v1-wordpiece");
                t.set("normalizer", node("{'type':'Sequence','normalizers':[{'type':'NFD'},{'type':'StripAccents'},{'type':'Lowercase'},{'type':'Strip','strip_left':true,'strip_right':false}]}"));
                t.set("pre_tokenizer", node("{'type':'Sequence','pretokenizers':[{'type':'WhitespaceSplit'},{'type':'Punctuation','behavior':'Isolated'},{'type':'Digits','individual_digits':true}]}"));
                yield t;
            }
            case "unigram-nfkc-split" -> {
                ObjectNode t = (ObjectNode) read("ko-unigram-8k");
                t.set("normalizer", node("{'type':'Sequence','normalizers':[{'type':'NFKC'},{'type':'Lowercase'}]}"));
                t.set("pre_tokenizer", node("{'type':'Sequence','pretokenizers':[{'type':'Split','pattern':{'Regex':'\\\\d+'},'behavior':'Isolated','invert':false},{'type':'Whitespace'}]}"));
                yield t;
            }
            case "unigram-metaspace-first" -> {
                ObjectNode t = (ObjectNode) read("ko-unigram-8k");
                t.set("pre_tokenizer", node("{'type':'Metaspace','replacement':'▁','prepend_scheme':'first','split':false}"));
                t.set("decoder", node("{'type':'Metaspace','replacement':'▁','prepend_scheme':'first','split':false}"));
                yield t;
            }
            case "unigram-nfd-strip" -> {
                ObjectNode t = (ObjectNode) read("ko-unigram-8k");
                t.set("normalizer", node("{'type':'Sequence','normalizers':[{'type':'NFKD'},{'type':'Strip','strip_left':false,'strip_right':true}]}"));
                t.set("pre_tokenizer", node("{'type':'Sequence','pretokenizers':[{'type':'Split','pattern':{'String':' '},'behavior':'MergedWithPrevious','invert':false},{'type':'Metaspace','replacement':'▁','prepend_scheme':'never','split':true}]}"));
                yield t;
            }
            case "unigram-nfc-replace-string" -> {
                ObjectNode t = (ObjectNode) read("ko-unigram-8k");
                t.set("normalizer", node("{'type':'Sequence','normalizers':[{'type':'NFC'},{'type':'Replace','pattern':{'String':'다'},'content':'DA!'}]}"));
                t.set("pre_tokenizer", node("{'type':'Sequence','pretokenizers':[{'type':'Split','pattern':{'Regex':'\\\\s+'},'behavior':'Contiguous','invert':true},{'type':'Metaspace','replacement':'▁','prepend_scheme':'always','split':true}]}"));
                yield t;
            }
            case "unigram-split-merged-next" -> {
                ObjectNode t = (ObjectNode) read("ko-unigram-8k");
                t.set("pre_tokenizer", node("{'type':'Sequence','pretokenizers':[{'type':'Split','pattern':{'Regex':'[,.!?]+'},'behavior':'MergedWithNext','invert':false},"
                        + "{'type':'Split','pattern':{'String':'다'},'behavior':'Removed','invert':false},{'type':'Metaspace','replacement':'▁','prepend_scheme':'always','split':true}]}"));
                yield t;
            }
            case "unigram-bytefallback" -> {
                ObjectNode t = (ObjectNode) read("ko-unigram-8k");
                ObjectNode model = (ObjectNode) t.get("model");
                ArrayNode vocab = (ArrayNode) model.get("vocab");
                for (int b = 0; b < 256; b++) vocab.add(MAPPER.createArrayNode().add(String.format("<0x%02X>", b)).add(-20.0));
                model.put("byte_fallback", true);
                t.set("decoder", node("{'type':'Sequence','decoders':[{'type':'ByteFallback'},{'type':'Metaspace','replacement':'▁','prepend_scheme':'always','split':true}]}"));
                yield t;
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A tiny GPT-2 style byte-level BPE: 256 byte chars plus a few merges. */
    private static ObjectNode byteLevelBpe(ObjectNode post, ObjectNode pre) {
        ObjectNode t = node("{'version':'1.0','truncation':null,'padding':null,'normalizer':null,"
                + "'added_tokens':[{'id':0,'content':'<s>','single_word':false,'lstrip':false,'rstrip':false,'normalized':true,'special':true},"
                + "{'id':1,'content':'<pad>','single_word':false,'lstrip':false,'rstrip':false,'normalized':true,'special':true},"
                + "{'id':2,'content':'</s>','single_word':false,'lstrip':false,'rstrip':false,'normalized':true,'special':true},"
                + "{'id':3,'content':'<mask>','single_word':false,'lstrip':true,'rstrip':false,'normalized':false,'special':true}],"
                + "'decoder':{'type':'ByteLevel','add_prefix_space':true,'trim_offsets':true,'use_regex':true}}");
        t.set("pre_tokenizer", pre);
        t.set("post_processor", post);
        ObjectNode vocab = MAPPER.createObjectNode();
        vocab.put("<s>", 0);
        vocab.put("<pad>", 1);
        vocab.put("</s>", 2);
        vocab.put("<mask>", 3);
        int id = 4;
        for (int b = 0; b < 256; b++) vocab.put(new String(Character.toChars(ByteLevelAlphabet.charOf(b))), id++);
        ArrayNode merges = MAPPER.createArrayNode();
        for (String m : new String[]{"Ġ t", "h e", "Ġt he", "i n", "e r", "Ġ a", "o n", "r e", "Ġ w", "o r", "Ġw or", "l d"}) {
            merges.add(MAPPER.createArrayNode().add(m.split(" ")[0]).add(m.split(" ")[1]));
            vocab.put(m.replace(" ", ""), id++);
        }
        ObjectNode model = node("{'type':'BPE','dropout':null,'unk_token':null,'continuing_subword_prefix':null,'end_of_word_suffix':null,'fuse_unk':false,'byte_fallback':false,'ignore_merges':false}");
        model.set("vocab", vocab);
        model.set("merges", merges);
        t.set("model", model);
        return t;
    }
}
