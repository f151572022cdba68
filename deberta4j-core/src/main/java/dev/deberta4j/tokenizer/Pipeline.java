package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The Hugging Face encode pipeline for one sequence: added tokens, normalizer, pre-tokenizer, model, then
 * assembly of token ids, strings, offsets and word ids. Immutable and thread-safe.
 */
record Pipeline(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
                Decoder decoder, AddedVocabulary addedVocabulary) {

    /** Encodes one sequence (no special tokens); {@code typeId} is 0 for a first and 1 for a second sequence. */
    MutableEncoding encodeSequence(String text, int typeId) {
        int[] codePoints = InputText.codePoints(text);
        PreTokenizedText pre = new PreTokenizedText(NormalizedText.of(codePoints));
        if (addedVocabulary.hasRawTokens()) pre.splitTokenized(addedVocabulary::splitRaw);
        pre.splitTokenized(piece -> {
            if (normalizer != null) normalizer.normalize(piece);
            return addedVocabulary.splitNormalized(piece);
        });
        if (preTokenizer != null) preTokenizer.preTokenize(pre);
        List<PreTokenizedText.Split> splits = pre.splits();
        MutableEncoding e = new MutableEncoding(codePoints.length + 8);
        List<Token> buffer = new ArrayList<>();
        for (int word = 0; word < splits.size(); word++) {
            PreTokenizedText.Split split = splits.get(word);
            List<Token> tokens = split.tokens;
            if (tokens == null) {
                buffer.clear();
                model.tokenize(split.text, buffer);
                tokens = buffer;
            }
            NormalizedText t = split.text;
            for (Token token : tokens) {
                int start;
                int end;
                if (token.start() < token.end()) {
                    start = t.originalStart(token.start());
                    end = t.originalEnd(token.end());
                } else {
                    start = t.originalShift() + token.start();
                    end = t.originalShift() + token.end();
                }
                e.add(token.id(), token.value(), start, end, word, typeId, 0, 1);
            }
        }
        return e;
    }

    /** Truncation, special tokens (post-processor) and single-encoding padding, as HF {@code post_process}. */
    MutableEncoding postProcess(MutableEncoding first, MutableEncoding second, EncodeOptions options) {
        EncodeOptions.Truncation trunc = options.truncation();
        if (trunc != null) {
            int added = options.addSpecialTokens() && postProcessor != null
                    ? postProcessor.addedTokens(second != null) : 0;
            if (trunc.maxLength() < added) {
                throw new IllegalArgumentException("truncation maxLength " + trunc.maxLength()
                        + " is smaller than the " + added + " special tokens the post-processor adds");
            }
            Truncator.truncate(first, second, trunc, trunc.maxLength() - added);
        }
        MutableEncoding result;
        if (postProcessor != null) {
            result = postProcessor.process(first, second, options.addSpecialTokens());
        } else {
            result = second == null ? MutableEncoding.merge(List.of(first)) : MutableEncoding.merge(List.of(first, second));
        }
        return result;
    }
}
