package dev.deberta4j.model;

import dev.deberta4j.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs of one forward pass, named as transformers names them. Absent outputs are null (or empty lists).
 *
 * @param lastHiddenState [batch, L, hidden]
 * @param hiddenStates    embedding output and every layer's output, each [batch, L, hidden] (when requested)
 * @param attentions      every layer's attention probabilities [batch, heads, L, L] (when requested)
 * @param logits          [batch, labels] (sequence classification), [batch, L, labels] (tokens),
 *                        [batch, L, vocab] (masked LM), [examples, choices] (multiple choice)
 * @param startLogits     [batch, L] (question answering)
 * @param endLogits       [batch, L] (question answering)
 */
public record ModelOutput(Tensor lastHiddenState, List<Tensor> hiddenStates, List<Tensor> attentions,
                          Tensor logits, Tensor startLogits, Tensor endLogits) {

    /** All present outputs by transformers' names: last_hidden_state, hidden_states.N, logits, start_logits, ... */
    public Map<String, Tensor> named() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_hidden_state", lastHiddenState);
        for (int i = 0; i < hiddenStates.size(); i++) out.put("hidden_states." + i, hiddenStates.get(i));
        for (int i = 0; i < attentions.size(); i++) out.put("attentions." + i, attentions.get(i));
        if (logits != null) out.put("logits", logits);
        if (startLogits != null) out.put("start_logits", startLogits);
        if (endLogits != null) out.put("end_logits", endLogits);
        return out;
    }
}
