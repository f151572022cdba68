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

    /** sentencepiece_model.proto field numbers: the one place both the reader and {@link #toBytes} take them from. */
    static final class Field {
        static final int PIECES = 1;
        static final int TRAINER_SPEC = 2;
        static final int NORMALIZER_SPEC = 3;
        static final int PIECE_PIECE = 1;
        static final int PIECE_SCORE = 2;
        static final int PIECE_TYPE = 3;
        static final int TRAINER_MODEL_TYPE = 3;
        static final int TRAINER_VOCAB_SIZE = 4;
        static final int TRAINER_MAX_PIECE_LENGTH = 20;
        static final int TRAINER_BYTE_FALLBACK = 35;
        static final int TRAINER_UNK_ID = 40;
        static final int TRAINER_BOS_ID = 41;
        static final int TRAINER_EOS_ID = 42;
        static final int TRAINER_PAD_ID = 43;
        static final int TRAINER_UNK_PIECE = 45;
        static final int TRAINER_BOS_PIECE = 46;
        static final int TRAINER_EOS_PIECE = 47;
        static final int TRAINER_PAD_PIECE = 48;
        static final int NORMALIZER_NAME = 1;
        static final int NORMALIZER_CHARSMAP = 2;
        static final int NORMALIZER_ADD_DUMMY_PREFIX = 3;
        static final int NORMALIZER_REMOVE_EXTRA_WHITESPACES = 4;
        static final int NORMALIZER_ESCAPE_WHITESPACES = 5;

        private Field() {}
    }

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
                case Field.PIECES -> {
                    r.expect(tag, ProtobufReader.LENGTH_DELIMITED, "pieces");
                    pieces.add(piece(r.readMessage("pieces[" + pieces.size() + "]")));
                }
                case Field.TRAINER_SPEC -> {
                    r.expect(tag, ProtobufReader.LENGTH_DELIMITED, "trainer_spec");
                    ProtobufReader t = r.readMessage("trainer_spec");
                    sawTrainer = true;
                    while (t.hasMore()) {
                        int tt = t.readTag();
                        switch (tt >>> 3) {
                            case Field.TRAINER_MODEL_TYPE -> { t.expect(tt, ProtobufReader.VARINT, "model_type"); modelType = (int) t.readVarint(); }
                            case Field.TRAINER_BYTE_FALLBACK -> { t.expect(tt, ProtobufReader.VARINT, "byte_fallback"); byteFallback = t.readVarint() != 0; }
                            case Field.TRAINER_UNK_ID -> { t.expect(tt, ProtobufReader.VARINT, "unk_id"); unkId = (int) t.readVarint(); }
                            default -> t.skip(tt & 7);
                        }
                    }
                }
                case Field.NORMALIZER_SPEC -> {
                    r.expect(tag, ProtobufReader.LENGTH_DELIMITED, "normalizer_spec");
                    ProtobufReader n = r.readMessage("normalizer_spec");
                    sawNormalizer = true;
                    while (n.hasMore()) {
                        int nt = n.readTag();
                        switch (nt >>> 3) {
                            case Field.NORMALIZER_NAME -> { n.expect(nt, ProtobufReader.LENGTH_DELIMITED, "name"); normalizerName = n.readString(); }
                            case Field.NORMALIZER_CHARSMAP -> { n.expect(nt, ProtobufReader.LENGTH_DELIMITED, "precompiled_charsmap"); charsmap = n.readBytes(); }
                            case Field.NORMALIZER_ADD_DUMMY_PREFIX -> { n.expect(nt, ProtobufReader.VARINT, "add_dummy_prefix"); addDummyPrefix = n.readVarint() != 0; }
                            case Field.NORMALIZER_REMOVE_EXTRA_WHITESPACES -> { n.expect(nt, ProtobufReader.VARINT, "remove_extra_whitespaces"); removeExtra = n.readVarint() != 0; }
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
                case Field.PIECE_PIECE -> { p.expect(tag, ProtobufReader.LENGTH_DELIMITED, "piece"); piece = p.readString(); }
                case Field.PIECE_SCORE -> { p.expect(tag, ProtobufReader.FIXED32, "score"); score = p.readFloat(); }
                case Field.PIECE_TYPE -> { p.expect(tag, ProtobufReader.VARINT, "type"); type = (int) p.readVarint(); }
                default -> p.skip(tag & 7);
            }
        }
        if (piece == null) throw p.error("piece has no 'piece' string (field 1)");
        return new Piece(piece, score, type);
    }

    /**
     * The ModelProto bytes of this model: the pieces, a trainer spec (model type, vocabulary size, byte fallback,
     * the meta pieces unk/bos/eos/pad with their ids; a null one is written with id -1) and the normalizer spec.
     */
    byte[] toBytes(int maxPieceLength, String unk, String bos, String eos, String pad) {
        ProtobufWriter model = new ProtobufWriter();
        for (Piece p : pieces) {
            ProtobufWriter piece = new ProtobufWriter().string(Field.PIECE_PIECE, p.piece())
                    .float32(Field.PIECE_SCORE, p.score());
            if (p.type() != TYPE_NORMAL) piece.varint(Field.PIECE_TYPE, p.type());
            model.message(Field.PIECES, piece);
        }
        ProtobufWriter trainer = new ProtobufWriter().varint(Field.TRAINER_MODEL_TYPE, modelType)
                .int32(Field.TRAINER_VOCAB_SIZE, pieces.size())
                .int32(Field.TRAINER_MAX_PIECE_LENGTH, maxPieceLength)
                .bool(Field.TRAINER_BYTE_FALLBACK, byteFallback)
                .int32(Field.TRAINER_UNK_ID, unkId)
                .int32(Field.TRAINER_BOS_ID, indexOf(bos))
                .int32(Field.TRAINER_EOS_ID, indexOf(eos))
                .int32(Field.TRAINER_PAD_ID, indexOf(pad))
                .string(Field.TRAINER_UNK_PIECE, unk);
        if (bos != null) trainer.string(Field.TRAINER_BOS_PIECE, bos);
        if (eos != null) trainer.string(Field.TRAINER_EOS_PIECE, eos);
        if (pad != null) trainer.string(Field.TRAINER_PAD_PIECE, pad);
        model.message(Field.TRAINER_SPEC, trainer);
        ProtobufWriter normalizer = new ProtobufWriter().string(Field.NORMALIZER_NAME, normalizerName);
        if (precompiledCharsmap.length > 0) normalizer.bytes(Field.NORMALIZER_CHARSMAP, precompiledCharsmap);
        normalizer.bool(Field.NORMALIZER_ADD_DUMMY_PREFIX, addDummyPrefix)
                .bool(Field.NORMALIZER_REMOVE_EXTRA_WHITESPACES, removeExtraWhitespaces)
                .bool(Field.NORMALIZER_ESCAPE_WHITESPACES, true);
        model.message(Field.NORMALIZER_SPEC, normalizer);
        return model.toByteArray();
    }

    private int indexOf(String piece) {
        if (piece == null) return -1;
        for (int i = 0; i < pieces.size(); i++) if (pieces.get(i).piece().equals(piece)) return i;
        return -1;
    }
}
