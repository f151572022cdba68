package dev.deberta4j.pipeline;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.tokenizer.Encoding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fills the tokenizer's mask token, as transformers' {@code pipeline("fill-mask")}: for every mask the
 * {@code topK} most probable tokens with the completed text. Thread-safe. The masked-LM head computes
 * batch x length x vocabulary logits (128 x 32 x 128k floats are 2 GB), so keep batches small for long texts.
 *
 * <pre>{@code
 * var filler = MaskFiller.load(Path.of("mlm-model"));
 * for (MaskSlot slot : filler.fill("서울은 한국의 [MASK]이다.", 5)) { ... }
 * }</pre>
 */
public final class MaskFiller {
    private final PipelineModel model;
    private final PipelineOptions options;

    public MaskFiller(PipelineModel model, PipelineOptions options) {
        model.requireHead(HeadType.MASKED_LM, "fill-mask");
        if (model.tokenizer().maskId() < 0) {
            throw new IllegalArgumentException("the tokenizer has no mask token '" + model.tokenizer().maskToken() + "'");
        }
        this.model = model;
        this.options = options;
    }

    public static MaskFiller load(Path dir) {
        return new MaskFiller(PipelineModel.load(dir, HeadType.MASKED_LM), PipelineOptions.defaults());
    }

    /** The mask token to write in texts, e.g. {@code [MASK]}. */
    public String maskToken() {
        return model.tokenizer().maskToken();
    }

    /** One slot per mask token, in text order. */
    public List<MaskSlot> fill(String text, int topK) {
        return fill(List.of(text), topK).get(0);
    }

    public List<List<MaskSlot>> fill(List<String> texts, int topK) {
        if (topK < 1) throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        List<Encoding> encodings = model.encode(texts, null, options.truncate());
        int maskId = model.tokenizer().maskId();
        for (int i = 0; i < encodings.size(); i++) {
            if (Arrays.stream(encodings.get(i).ids()).noneMatch(id -> id == maskId)) {
                throw new IllegalArgumentException("input " + i + ": no mask token (" + maskToken() + ") found"
                        + (options.truncate() ? " (after truncation)" : "") + ": \"" + texts.get(i) + "\"");
            }
        }
        return MicroBatches.run(model, encodings, options, row -> slots(row, maskId, topK));
    }

    private List<MaskSlot> slots(BatchRow row, int maskId, int topK) {
        int[] ids = row.encoding().ids();
        List<Integer> masks = new ArrayList<>();
        for (int t = 0; t < ids.length; t++) if (ids[t] == maskId) masks.add(t);
        boolean single = masks.size() == 1;
        List<MaskSlot> out = new ArrayList<>(masks.size());
        for (int position : masks) {
            double[] p = Probabilities.softmax(row.tokenLogits(position));
            List<MaskPrediction> predictions = new ArrayList<>(topK);
            for (int token : TopK.indices(p, topK)) {
                int[] filled = ids.clone();
                filled[position] = token;
                predictions.add(new MaskPrediction(p[token], token, model.tokenizer().decode(new int[]{token}, false),
                        model.tokenizer().decode(withoutPadding(filled), single)));
            }
            out.add(new MaskSlot(position, List.copyOf(predictions)));
        }
        return List.copyOf(out);
    }

    private int[] withoutPadding(int[] ids) {
        int pad = model.tokenizer().padId();
        return Arrays.stream(ids).filter(id -> id != pad).toArray();
    }
}
