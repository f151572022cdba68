package dev.deberta4j.finetune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The class names of a classification task in id order (id2label), with the reverse lookup (label2id). */
public record LabelSet(List<String> names) {
    public LabelSet {
        names = List.copyOf(names);
        if (names.isEmpty()) throw new IllegalArgumentException("a label set needs at least one label");
        if (new TreeSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("duplicate label names in " + names);
        }
    }

    /**
     * The distinct values seen, sorted: numerically when all are integers ("0", "1", "10"), else as strings; as
     * transformers' examples collect label_list with sorted(set(...)).
     */
    public static LabelSet fromValues(Iterable<String> values) {
        TreeSet<String> distinct = new TreeSet<>();
        for (String v : values) if (v != null) distinct.add(v);
        List<String> sorted = new ArrayList<>(distinct);
        if (sorted.stream().allMatch(s -> s.matches("-?\\d{1,9}"))) {
            sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        }
        return new LabelSet(sorted);
    }

    public int size() {
        return names.size();
    }

    public String name(int id) {
        return names.get(id);
    }

    /**
     * The id of a label value: a label name, or else an integer id in [0, size) (so NSMC's 0/1 column trains a
     * model whose labels read negative/positive). Anything else is an exception naming where it was found.
     */
    public int id(String value, String where) {
        int id = names.indexOf(value);
        if (id >= 0) return id;
        if (value != null && value.matches("\\d{1,9}") && Integer.parseInt(value) < names.size()) {
            return Integer.parseInt(value);
        }
        throw new IllegalArgumentException(where + ": label \"" + value + "\" is not one of " + names
                + " nor an id in [0, " + names.size() + ")");
    }

    public Map<Integer, String> id2label() {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) m.put(i, names.get(i));
        return m;
    }
}
