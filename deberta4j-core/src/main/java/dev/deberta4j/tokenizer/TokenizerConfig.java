package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code tokenizer_config.json} and {@code special_tokens_map.json} say (transformers' side of a tokenizer):
 * special token strings, lowercasing and punctuation splitting (used when converting an spm.model), BertTokenizer's
 * basic-tokenizer flags (used when converting a vocab.txt), the tokenizer class, maximum length and padding side.
 * Missing files give DeBERTa's defaults.
 *
 * @param doLowerCase          {@code do_lower_case}, null when not given (the class's default applies:
 *                             {@link #lowerCase(boolean)})
 * @param stripAccents         {@code strip_accents}, null when not given (BertTokenizer: follows lowercasing)
 * @param tokenizeChineseChars {@code tokenize_chinese_chars} (default true)
 * @param tokenizerClass       {@code tokenizer_class}, null when not given
 * @param remoteCode           whether tokenizer_config.json has an {@code auto_map} (a tokenizer class in the
 *                             repository's own Python code)
 */
public record TokenizerConfig(String padToken, String clsToken, String sepToken, String maskToken, String unkToken,
                              String bosToken, String eosToken, Boolean doLowerCase, boolean splitByPunct,
                              int modelMaxLength, EncodeOptions.Side paddingSide, Boolean stripAccents,
                              boolean tokenizeChineseChars, String tokenizerClass, boolean remoteCode) {
    /** transformers writes 1e30 ("VERY_LARGE_INTEGER") for "no limit". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public static TokenizerConfig defaults() {
        return new TokenizerConfig("[PAD]", "[CLS]", "[SEP]", "[MASK]", "[UNK]", "[CLS]", "[SEP]", null, false, UNLIMITED,
                EncodeOptions.Side.RIGHT, null, true, null, false);
    }

    /** {@code do_lower_case}, or {@code classDefault} when the files do not say (DeBERTa: false, BERT: true). */
    public boolean lowerCase(boolean classDefault) {
        return doLowerCase != null ? doLowerCase : classDefault;
    }

    /** The same config with other special tokens (XLM-R's {@code <s>}, {@code </s>}, ... as defaults). */
    TokenizerConfig withSpecialTokens(String pad, String cls, String sep, String mask, String unk, String bos,
                                      String eos) {
        return new TokenizerConfig(pad, cls, sep, mask, unk, bos, eos, doLowerCase, splitByPunct, modelMaxLength,
                paddingSide, stripAccents, tokenizeChineseChars, tokenizerClass, remoteCode);
    }

    /** Reads the two files from {@code dir} (either may be absent); tokenizer_config.json wins on conflicts. */
    public static TokenizerConfig read(Path dir) {
        return read(dir, defaults());
    }

    /** As {@link #read(Path)}, over another tokenizer class's defaults. */
    static TokenizerConfig read(Path dir, TokenizerConfig base) {
        TokenizerConfig c = base;
        Path map = dir.resolve("special_tokens_map.json");
        if (Files.isRegularFile(map)) c = c.merge(TokenizerJsonReader.parseFile(map), "special_tokens_map.json");
        Path cfg = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(cfg)) c = c.merge(TokenizerJsonReader.parseFile(cfg), "tokenizer_config.json");
        return c;
    }

    private TokenizerConfig merge(JsonNode root, String file) {
        Json j = new Json(root, file, "").object();
        int maxLength = modelMaxLength;
        Json ml = j.field("model_max_length");
        if (!ml.isMissingOrNull()) {
            if (!ml.node().isNumber()) throw ml.error("expected a number, found " + ml.describe());
            double v = ml.node().doubleValue();
            if (v < 0) throw ml.error("expected a non-negative length, found " + v);
            maxLength = v >= Integer.MAX_VALUE ? UNLIMITED : (int) v;
        }
        EncodeOptions.Side side = paddingSide;
        Json ps = j.field("padding_side");
        if (!ps.isMissingOrNull()) {
            side = switch (ps.text()) {
                case "right" -> EncodeOptions.Side.RIGHT;
                case "left" -> EncodeOptions.Side.LEFT;
                default -> throw ps.error("expected \"left\" or \"right\", found " + ps.describe());
            };
        }
        return new TokenizerConfig(token(j, "pad_token", padToken), token(j, "cls_token", clsToken),
                token(j, "sep_token", sepToken), token(j, "mask_token", maskToken), token(j, "unk_token", unkToken),
                token(j, "bos_token", bosToken), token(j, "eos_token", eosToken),
                optionalBool(j.field("do_lower_case"), doLowerCase), j.field("split_by_punct").bool(splitByPunct),
                maxLength, side, optionalBool(j.field("strip_accents"), stripAccents),
                j.field("tokenize_chinese_chars").bool(tokenizeChineseChars),
                j.field("tokenizer_class").isMissingOrNull() ? tokenizerClass : j.field("tokenizer_class").text(),
                remoteCode || !j.field("auto_map").isMissingOrNull());
    }

    private static Boolean optionalBool(Json j, Boolean fallback) {
        return j.isMissingOrNull() ? fallback : Boolean.valueOf(j.bool(false));
    }

    /** A special token is a string or an AddedToken object with a {@code content} field. */
    private static String token(Json j, String name, String fallback) {
        Json t = j.field(name);
        if (t.isMissingOrNull()) return fallback;
        if (t.node().isObject()) return t.field("content").text();
        return t.text();
    }
}
