package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.io.SmallJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the Hugging Face {@code tokenizer.json} serialization into a {@link Pipeline}. */
final class TokenizerJsonReader {
    /** For a whole tokenizer.json (megabytes: Jackson's parser, once compiled, reads it fastest). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    /** What a tokenizer.json holds: the pipeline plus its own truncation/padding defaults. */
    record Result(Pipeline pipeline, EncodeOptions.Truncation truncation, JsonPadding padding) {}

    /** The {@code padding} block of a tokenizer.json. */
    record JsonPadding(EncodeOptions.Padding padding, int padId, int padTypeId, String padToken) {}

    /**
     * The large parts of a tokenizer.json (a Unigram vocabulary and its trie, Precompiled charsmaps), built while
     * reading the JSON or, for {@link TokenizerCache}, given ready-made: then the JSON tree is a skeleton in which
     * the Unigram vocab is empty and each charsmap string is a placeholder, and they are taken from here in the
     * order the reader meets them.
     */
    static final class LargeParts {
        private final boolean given;
        private UnigramModel unigram;
        private final List<CharsMap> charsmaps;
        private int nextCharsmap;

        private LargeParts(boolean given, UnigramModel unigram, List<CharsMap> charsmaps) {
            this.given = given;
            this.unigram = unigram;
            this.charsmaps = charsmaps;
        }

        /** Parts to be built from the JSON (and kept here). */
        static LargeParts fromJson() {
            return new LargeParts(false, null, new ArrayList<>());
        }

        /** Ready-made parts for a skeleton tree. */
        static LargeParts given(UnigramModel unigram, List<CharsMap> charsmaps) {
            return new LargeParts(true, unigram, charsmaps);
        }

        /** The Unigram model read or given, or null when the model is of another type. */
        UnigramModel unigram() { return unigram; }

        List<CharsMap> charsmaps() { return charsmaps; }

        private void requireAllUsed(String fileName) {
            if (given && nextCharsmap != charsmaps.size()) {
                throw new TokenizerFormatException(fileName + ": " + charsmaps.size() + " charsmaps given, "
                        + nextCharsmap + " used");
            }
        }
    }

    private TokenizerJsonReader() {}

    static Result read(Path file) {
        return read(parseTokenizerJson(file, null), file.getFileName().toString(), LargeParts.fromJson());
    }

    /** The JSON tree of {@code file}, parsed from {@code bytes} when they are its bytes already read (else null). */
    static JsonNode parseTokenizerJson(Path file, byte[] bytes) {
        try {
            return bytes == null ? Mapper.JSON.readTree(file.toFile()) : Mapper.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new TokenizerFormatException(file + ": not readable as JSON: " + e.getMessage(), e);
        }
    }

    static Result read(JsonNode root, String fileName, LargeParts parts) {
        Json json = new Json(root, fileName, "").object();
        Json modelJson = json.field("model").object();
        Model model = model(modelJson, parts);
        Normalizer normalizer = json.field("normalizer").isMissingOrNull() ? null
                : normalizer(json.field("normalizer"), parts);
        parts.requireAllUsed(fileName);
        PreTokenizer pre = json.field("pre_tokenizer").isMissingOrNull() ? null : preTokenizer(json.field("pre_tokenizer"));
        PostProcessor post = json.field("post_processor").isMissingOrNull() ? null
                : postProcessor(json.field("post_processor"));
        Decoder decoder = json.field("decoder").isMissingOrNull() ? null : decoder(json.field("decoder"));
        List<AddedToken> added = new ArrayList<>();
        Json addedJson = json.field("added_tokens");
        if (!addedJson.isMissingOrNull()) {
            addedJson.array();
            for (int i = 0; i < addedJson.size(); i++) {
                Json t = addedJson.at(i).object();
                added.add(new AddedToken(t.field("content").text(), t.field("single_word").bool(false),
                        t.field("lstrip").bool(false), t.field("rstrip").bool(false),
                        t.field("normalized").bool(!t.field("special").bool(false)), t.field("special").bool(false)));
            }
        }
        Pipeline pipeline = new Pipeline(normalizer, pre, model, post, decoder,
                new AddedVocabulary(added, model, normalizer));
        return new Result(pipeline, truncation(json.field("truncation")), padding(json.field("padding")));
    }

    private static String type(Json j) {
        j.object();
        return j.field("type").text();
    }

    private static TokenizerFormatException unsupported(Json j, String kind, String type) {
        return new TokenizerFormatException(j.file() + ": " + j.path() + ": unsupported " + kind + " type '" + type + "'");
    }

    static Model model(Json j, LargeParts parts) {
        String type = j.field("type").isMissingOrNull() ? guessModelType(j) : type(j);
        return switch (type) {
            case "Unigram" -> {
                if (parts.given) {
                    if (parts.unigram == null) throw j.error("no Unigram vocabulary given for the skeleton");
                    yield parts.unigram;
                }
                Json vocab = j.field("vocab").array();
                String[] pieces = new String[vocab.size()];
                double[] scores = new double[vocab.size()];
                for (int i = 0; i < vocab.size(); i++) {
                    Json entry = vocab.at(i).array();
                    if (entry.size() != 2) throw entry.error("expected [piece, score], found " + entry.describe());
                    pieces[i] = entry.at(0).text();
                    scores[i] = entry.at(1).number();
                }
                int unk = j.field("unk_id").integer(-1);
                if (!j.field("unk_id").isMissingOrNull() && unk < 0) {
                    throw j.field("unk_id").error("unk_id " + unk + " is negative (expected null or an index into the"
                            + " vocabulary, as Hugging Face requires)");
                }
                if (unk >= pieces.length) {
                    throw j.field("unk_id").error("unk_id " + unk + " is outside the vocabulary of " + pieces.length);
                }
                parts.unigram = new UnigramModel(pieces, scores, unk, j.field("byte_fallback").bool(false));
                yield parts.unigram;
            }
            case "WordPiece" -> new WordPieceModel(vocabMap(j.field("vocab")), j.field("unk_token").text("[UNK]"),
                    j.field("continuing_subword_prefix").text("##"), j.field("max_input_chars_per_word").integer(100));
            case "BPE" -> BpeModel.fromJson(j, vocabMap(j.field("vocab")));
            default -> throw unsupported(j, "model", type);
        };
    }

    private static String guessModelType(Json j) {
        if (j.field("merges").node() != null) return "BPE";
        if (j.field("vocab").node() != null && j.field("vocab").node().isArray()) return "Unigram";
        if (j.field("vocab").node() != null) return "WordPiece";
        throw j.error("model has no 'type' and no vocab");
    }

    static Map<String, Integer> vocabMap(Json v) {
        v.object();
        Map<String, Integer> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = v.node().fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = v.field(e.getKey()).integer();
            if (id < 0) throw v.field(e.getKey()).error("token id " + id + " is negative (ids are unsigned)");
            map.put(e.getKey(), id);
        }
        return map;
    }

    static Normalizer normalizer(Json j) {
        return normalizer(j, LargeParts.fromJson());
    }

    private static Normalizer normalizer(Json j, LargeParts parts) {
        String type = type(j);
        return switch (type) {
            case "Sequence" -> {
                Json list = j.field("normalizers").array();
                List<Normalizer> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) out.add(normalizer(list.at(i), parts));
                yield new SequenceNormalizer(List.copyOf(out));
            }
            case "Strip" -> new StripNormalizer(j.field("strip_left").bool(true), j.field("strip_right").bool(true));
            case "Precompiled" -> {
                Json map = j.field("precompiled_charsmap");
                if (map.isMissingOrNull()) yield new SequenceNormalizer(List.of());
                if (parts.given) {
                    if (parts.nextCharsmap >= parts.charsmaps.size()) throw map.error("no charsmap given for it");
                    yield new PrecompiledNormalizer(parts.charsmaps.get(parts.nextCharsmap++));
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(map.text());
                } catch (IllegalArgumentException e) {
                    throw map.error("not valid base64: " + e.getMessage());
                }
                CharsMap charsmap = CharsMap.parse(bytes, map.where());
                parts.charsmaps.add(charsmap);
                yield new PrecompiledNormalizer(charsmap);
            }
            case "Replace" -> new ReplaceNormalizer(pattern(j.field("pattern")), j.field("content").text());
            case "BertNormalizer" -> {
                boolean lowercase = j.field("lowercase").bool(true);
                yield new BertNormalizer(j.field("clean_text").bool(true), j.field("handle_chinese_chars").bool(true),
                        j.field("strip_accents").bool(lowercase), lowercase);
            }
            case "NFC" -> UnicodeNormalizer.NFC;
            case "NFD" -> UnicodeNormalizer.NFD;
            case "NFKC" -> UnicodeNormalizer.NFKC;
            case "NFKD" -> UnicodeNormalizer.NFKD;
            case "Lowercase" -> new LowercaseNormalizer();
            case "StripAccents" -> new StripAccentsNormalizer();
            case "Prepend" -> new PrependNormalizer(j.field("prepend").text());
            default -> throw unsupported(j, "normalizer", type);
        };
    }

    static TextPattern pattern(Json j) {
        j.object();
        if (!j.field("String").isMissingOrNull()) return new TextPattern.Literal(j.field("String").text());
        if (!j.field("Regex").isMissingOrNull()) return TextPattern.Regex.compile(j.field("Regex").text(), j.where());
        throw j.error("expected {\"String\": ...} or {\"Regex\": ...}, found " + j.describe());
    }

    static PreTokenizer preTokenizer(Json j) {
        String type = type(j);
        return switch (type) {
            case "Sequence" -> {
                Json list = j.field("pretokenizers").array();
                List<PreTokenizer> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) out.add(preTokenizer(list.at(i)));
                yield new SequencePreTokenizer(List.copyOf(out));
            }
            case "Metaspace" -> new MetaspacePreTokenizer(j.field("replacement").singleChar(), prependScheme(j),
                    j.field("split").bool(true));
            case "Whitespace" -> PatternSplitPreTokenizer.whitespace();
            case "WhitespaceSplit" -> CharSplitPreTokenizer.whitespaceSplit();
            case "BertPreTokenizer" -> new BertPreTokenizer();
            case "Split" -> new PatternSplitPreTokenizer(pattern(j.field("pattern")),
                    SplitBehavior.fromJson(j.field("behavior").text(), j.field("behavior").where()),
                    j.field("invert").bool(false));
            case "Punctuation" -> CharSplitPreTokenizer.punctuation(j.field("behavior").isMissingOrNull()
                    ? SplitBehavior.ISOLATED : SplitBehavior.fromJson(j.field("behavior").text(), j.field("behavior").where()));
            case "Digits" -> CharSplitPreTokenizer.digits(j.field("individual_digits").bool(false));
            case "ByteLevel" -> new ByteLevelPreTokenizer(j.field("add_prefix_space").bool(true),
                    j.field("use_regex").bool(true));
            default -> throw unsupported(j, "pre_tokenizer", type);
        };
    }

    /** {@code prepend_scheme} (tokenizers &ge; 0.14) or the legacy {@code add_prefix_space} flag. */
    private static MetaspacePreTokenizer.PrependScheme prependScheme(Json j) {
        if (!j.field("prepend_scheme").isMissingOrNull()) {
            return MetaspacePreTokenizer.PrependScheme.fromJson(j.field("prepend_scheme").text(),
                    j.field("prepend_scheme").where());
        }
        return j.field("add_prefix_space").bool(true) ? MetaspacePreTokenizer.PrependScheme.ALWAYS
                : MetaspacePreTokenizer.PrependScheme.NEVER;
    }

    static PostProcessor postProcessor(Json j) {
        String type = type(j);
        return switch (type) {
            case "TemplateProcessing" -> template(j);
            case "BertProcessing" -> {
                Json cls = j.field("cls").array();
                Json sep = j.field("sep").array();
                yield TemplateProcessor.bert(cls.at(0).text(), cls.at(1).integer(), sep.at(0).text(), sep.at(1).integer());
            }
            case "RobertaProcessing" -> RobertaProcessor.fromJson(j);
            case "ByteLevel" -> new ByteLevelProcessor(j.field("trim_offsets").bool(true),
                    j.field("add_prefix_space").bool(true));
            case "Sequence" -> {
                Json list = j.field("processors").array();
                List<PostProcessor> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) out.add(postProcessor(list.at(i)));
                yield new SequenceProcessor(List.copyOf(out));
            }
            default -> throw unsupported(j, "post_processor", type);
        };
    }

    private static TemplateProcessor template(Json j) {
        Map<String, TemplateProcessor.SpecialTokens> specials = new LinkedHashMap<>();
        Json st = j.field("special_tokens").object();
        Iterator<String> names = st.node().fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            Json s = st.field(name).object();
            Json ids = s.field("ids").array();
            Json toks = s.field("tokens").array();
            if (ids.size() != toks.size()) {
                throw s.error("has " + ids.size() + " ids but " + toks.size() + " tokens");
            }
            int[] idArr = new int[ids.size()];
            String[] tokArr = new String[toks.size()];
            for (int i = 0; i < idArr.length; i++) {
                idArr[i] = ids.at(i).integer();
                tokArr[i] = toks.at(i).text();
            }
            specials.put(name, new TemplateProcessor.SpecialTokens(s.field("id").text(name), idArr, tokArr));
        }
        return new TemplateProcessor(pieces(j.field("single"), specials, false), pieces(j.field("pair"), specials, true),
                Map.copyOf(specials));
    }

    private static List<TemplateProcessor.Piece> pieces(Json list, Map<String, TemplateProcessor.SpecialTokens> specials,
                                                        boolean pair) {
        list.array();
        List<TemplateProcessor.Piece> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Json p = list.at(i).object();
            if (!p.field("Sequence").isMissingOrNull()) {
                Json s = p.field("Sequence");
                String id = s.field("id").text();
                if (!id.equals("A") && !id.equals("B")) throw s.field("id").error("expected A or B, found '" + id + "'");
                if (id.equals("B") && !pair) throw s.field("id").error("sequence B in a single-sequence template");
                out.add(new TemplateProcessor.Piece(true, id.equals("B"), null, s.field("type_id").integer(0)));
            } else if (!p.field("SpecialToken").isMissingOrNull()) {
                Json s = p.field("SpecialToken");
                String id = s.field("id").text();
                if (!specials.containsKey(id)) {
                    throw s.field("id").error("special token '" + id + "' is not listed in special_tokens");
                }
                out.add(new TemplateProcessor.Piece(false, false, id, s.field("type_id").integer(0)));
            } else {
                throw p.error("expected {\"Sequence\": ...} or {\"SpecialToken\": ...}, found " + p.describe());
            }
        }
        return List.copyOf(out);
    }

    static Decoder decoder(Json j) {
        String type = type(j);
        return switch (type) {
            case "Metaspace" -> new MetaspaceDecoder(j.field("replacement").singleChar(),
                    prependScheme(j) != MetaspacePreTokenizer.PrependScheme.NEVER);
            case "WordPiece" -> new WordPieceDecoder(j.field("prefix").text("##"), j.field("cleanup").bool(true));
            case "ByteLevel" -> new ByteLevelDecoder();
            case "ByteFallback" -> new SimpleDecoders.ByteFallback();
            case "Fuse" -> new SimpleDecoders.Fuse();
            case "Strip" -> new SimpleDecoders.Strip(j.field("content").singleChar(), j.field("start").integer(0),
                    j.field("stop").integer(0));
            case "Replace" -> new SimpleDecoders.Replace(pattern(j.field("pattern")), j.field("content").text());
            case "Sequence" -> {
                Json list = j.field("decoders").array();
                List<Decoder> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) out.add(decoder(list.at(i)));
                yield new SequenceDecoder(List.copyOf(out));
            }
            default -> throw unsupported(j, "decoder", type);
        };
    }

    private static EncodeOptions.Truncation truncation(Json j) {
        if (j.isMissingOrNull()) return null;
        j.object();
        EncodeOptions.TruncationStrategy strategy = switch (j.field("strategy").text("LongestFirst")) {
            case "LongestFirst" -> EncodeOptions.TruncationStrategy.LONGEST_FIRST;
            case "OnlyFirst" -> EncodeOptions.TruncationStrategy.ONLY_FIRST;
            case "OnlySecond" -> EncodeOptions.TruncationStrategy.ONLY_SECOND;
            default -> throw j.field("strategy").error("expected LongestFirst, OnlyFirst or OnlySecond");
        };
        return new EncodeOptions.Truncation(strategy, j.field("max_length").integer(512), j.field("stride").integer(0),
                side(j.field("direction")));
    }

    private static EncodeOptions.Side side(Json j) {
        return switch (j.text("Right")) {
            case "Right" -> EncodeOptions.Side.RIGHT;
            case "Left" -> EncodeOptions.Side.LEFT;
            default -> throw j.error("expected Left or Right, found " + j.describe());
        };
    }

    private static JsonPadding padding(Json j) {
        if (j.isMissingOrNull()) return null;
        j.object();
        Json strategy = j.field("strategy");
        EncodeOptions.Padding padding;
        int multiple = j.field("pad_to_multiple_of").integer(0);
        EncodeOptions.Side side = side(j.field("direction"));
        if (strategy.node() != null && strategy.node().isTextual() && strategy.text().equals("BatchLongest")) {
            padding = new EncodeOptions.Padding(EncodeOptions.PaddingStrategy.LONGEST, 0, multiple, side);
        } else if (strategy.node() != null && strategy.node().isObject() && strategy.node().has("Fixed")) {
            padding = new EncodeOptions.Padding(EncodeOptions.PaddingStrategy.MAX_LENGTH,
                    strategy.field("Fixed").integer(), multiple, side);
        } else {
            throw strategy.error("expected \"BatchLongest\" or {\"Fixed\": n}, found " + strategy.describe());
        }
        return new JsonPadding(padding, j.field("pad_id").integer(0), j.field("pad_type_id").integer(0),
                j.field("pad_token").text("[PAD]"));
    }

    static JsonNode parse(byte[] bytes, String where) {
        try {
            return SmallJson.parse(bytes);
        } catch (IOException e) {
            throw new TokenizerFormatException(where + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode parseFile(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new TokenizerFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
