package dev.deberta4j.tokenizer;

import java.util.List;

/** Applies decoders one after the other. */
record SequenceDecoder(List<Decoder> decoders) implements Decoder {
    @Override public List<String> decodeChain(List<String> tokens) {
        for (Decoder d : decoders) tokens = d.decodeChain(tokens);
        return tokens;
    }
}
