package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code tokenizer_config.json} and {@code special_tokens_map.json} say (transformers' side of a tokenizer):
 * special token strings, lowercasing and punctuation splitting (used when converting an spm.model), maximum
 * length and padding side. Missing files give DeBERTa's defaults.
 */
public record TokenizerConfig(String padToken, String clsToken, String sepToken, String maskToken, String unkToken,
                              String bosToken, String eosToken, boolean doLowerCase, boolean splitByPunct,
                              int modelMaxLength, EncodeOptions.Side paddingSide) {
    /** transformers writes 1e30 ("VERY_LARGE_INTEGER") for "no limit". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public static TokenizerConfig defaults() {
        return new TokenizerConfig("[PAD]", "[CLS]", "[SEP]", "[MASK]", "[UNK]", "[CLS]", "[SEP]", false, false, UNLIMITED,
                EncodeOptions.Side.RIGHT);
    }

    /** Reads the two files from {@code dir} (either may be absent); tokenizer_config.json wins on conflicts. */
    public static TokenizerConfig read(Path dir) {
        TokenizerConfig c = defaults();
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
                j.field("do_lower_case").bool(doLowerCase), j.field("split_by_punct").bool(splitByPunct), maxLength, side);
    }

    /** A special token is a string or an AddedToken object with a {@code content} field. */
    private static String token(Json j, String name, String fallback) {
        Json t = j.field(name);
        if (t.isMissingOrNull()) return fallback;
        if (t.node().isObject()) return t.field("content").text();
        return t.text();
    }
}
