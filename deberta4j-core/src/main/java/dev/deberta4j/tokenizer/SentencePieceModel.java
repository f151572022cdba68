package dev.deberta4j.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a SentencePiece {@code spm.model} (a {@code ModelProto}) that tokenization needs: pieces with
 * scores and types, the trainer's model type / unk id / byte fallback, and the normalizer spec.
 */
record SentencePieceModel(List<Piece> pieces, int modelType, int unkId, boolean byteFallback, String normalizerName,
                          byte[] precompiledCharsmap, boolean addDummyPrefix, boolean removeExtraWhitespaces) {
    static final int TYPE_NORMAL = 1;
    static final int TYPE_UNKNOWN = 2;
    static final int TYPE_CONTROL = 3;
    static final int TYPE_USER_DEFINED = 4;
    static final int TYPE_UNUSED = 5;
    static final int TYPE_BYTE = 6;
    static final int MODEL_UNIGRAM = 1;

    /** One vocabulary entry. */
    record Piece(String piece, float score, int type) {}

    static SentencePieceModel read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TokenizerFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(bytes, file.getFileName().toString());
    }

    static SentencePieceModel parse(byte[] bytes, String name) {
        ProtobufReader r = new ProtobufReader(bytes, 0, bytes.length, name);
        List<Piece> pieces = new ArrayList<>();
        int modelType = MODEL_UNIGRAM;
        int unkId = 0;
        boolean byteFallback = false;
        String normalizerName = "";
        byte[] charsmap = new byte[0];
        boolean addDummyPrefix = true;
        boolean removeExtra = true;
        boolean sawTrainer = false;
        boolean sawNormalizer = false;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> {
                    r.expect(tag, ProtobufReader.LENGTH_DELIMITED, "pieces");
                    pieces.add(piece(r.readMessage("pieces[" + pieces.size() + "]")));
                }
                case 2 -> {
                    r.expect(tag, ProtobufReader.LENGTH_DELIMITED, "trainer_spec");
                    ProtobufReader t = r.readMessage("trainer_spec");
                    sawTrainer = true;
                    while (t.hasMore()) {
                        int tt = t.readTag();
                        switch (tt >>> 3) {
                            case 3 -> { t.expect(tt, ProtobufReader.VARINT, "model_type"); modelType = (int) t.readVarint(); }
                            case 35 -> { t.expect(tt, ProtobufReader.VARINT, "byte_fallback"); byteFallback = t.readVarint() != 0; }
                            case 40 -> { t.expect(tt, ProtobufReader.VARINT, "unk_id"); unkId = (int) t.readVarint(); }
                            default -> t.skip(tt & 7);
                        }
                    }
                }
                case 3 -> {
                    r.expect(tag, ProtobufReader.LENGTH_DELIMITED, "normalizer_spec");
                    ProtobufReader n = r.readMessage("normalizer_spec");
                    sawNormalizer = true;
                    while (n.hasMore()) {
                        int nt = n.readTag();
                        switch (nt >>> 3) {
                            case 1 -> { n.expect(nt, ProtobufReader.LENGTH_DELIMITED, "name"); normalizerName = n.readString(); }
                            case 2 -> { n.expect(nt, ProtobufReader.LENGTH_DELIMITED, "precompiled_charsmap"); charsmap = n.readBytes(); }
                            case 3 -> { n.expect(nt, ProtobufReader.VARINT, "add_dummy_prefix"); addDummyPrefix = n.readVarint() != 0; }
                            case 4 -> { n.expect(nt, ProtobufReader.VARINT, "remove_extra_whitespaces"); removeExtra = n.readVarint() != 0; }
                            default -> n.skip(nt & 7);
                        }
                    }
                }
                default -> r.skip(tag & 7);
            }
        }
        if (pieces.isEmpty()) throw new TokenizerFormatException(name + ": pieces: no vocabulary pieces found");
        if (!sawTrainer || !sawNormalizer) {
            throw new TokenizerFormatException(name + ": " + (sawTrainer ? "normalizer_spec" : "trainer_spec")
                    + ": missing (every SentencePiece model has one; is the file truncated?)");
        }
        if (unkId < 0 || unkId >= pieces.size()) {
            throw new TokenizerFormatException(name + ": trainer_spec.unk_id: " + unkId + " is outside the "
                    + pieces.size() + " pieces");
        }
        return new SentencePieceModel(List.copyOf(pieces), modelType, unkId, byteFallback, normalizerName, charsmap,
                addDummyPrefix, removeExtra);
    }

    private static Piece piece(ProtobufReader p) {
        String piece = null;
        float score = 0f;
        int type = TYPE_NORMAL;
        while (p.hasMore()) {
            int tag = p.readTag();
            switch (tag >>> 3) {
                case 1 -> { p.expect(tag, ProtobufReader.LENGTH_DELIMITED, "piece"); piece = p.readString(); }
                case 2 -> { p.expect(tag, ProtobufReader.FIXED32, "score"); score = p.readFloat(); }
                case 3 -> { p.expect(tag, ProtobufReader.VARINT, "type"); type = (int) p.readVarint(); }
                default -> p.skip(tag & 7);
            }
        }
        if (piece == null) throw p.error("piece has no 'piece' string (field 1)");
        return new Piece(piece, score, type);
    }
}
