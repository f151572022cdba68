package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.config.ModelFamily;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelLoadException;
import dev.deberta4j.model.ParameterLayout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable parameters of a model under transformers' names ({@link ParameterLayout}), read from a checkpoint.
 * A backbone-only checkpoint (names without {@code deberta.}) serves a task model; head parameters the checkpoint
 * lacks are initialised as transformers' _init_weights does (normal(0, initializer_range), zero bias, LayerNorm 1/0).
 * A scope (e.g. {@code generator.}) prefixes every name, so one model's layers can live in a larger state dict
 * such as the replaced-token-detection model's.
 */
public final class ParameterSet {
    private final String scope;
    private final String backbonePrefix;
    private final ModelFamily family;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final List<String> initialised = new ArrayList<>();

    private ParameterSet(String scope, String backbonePrefix, ModelFamily family) {
        this.scope = scope;
        this.backbonePrefix = backbonePrefix;
        this.family = family;
    }

    /**
     * Parameters whose names all start with {@code scope}; layers look names up below the scope, backbone names
     * below {@code scope + backbonePrefix} (e.g. scope "generator.", backbone prefix "deberta.").
     */
    public static ParameterSet scoped(String scope, String backbonePrefix, List<Parameter> parameters) {
        return scoped(scope, backbonePrefix, ModelFamily.DEBERTA_V2, parameters, Map.of());
    }

    /**
     * As {@link #scoped(String, String, List)} for a model of {@code family} (backbone names mapped by
     * {@link ModelFamily#weightName}), with {@code shared} parameters of another scope also found under this
     * scope's names (key: the name here): ELECTRA's generator reads the discriminator's embedding tables, and
     * both networks' gradients add up in them.
     */
    public static ParameterSet scoped(String scope, String backbonePrefix, ModelFamily family,
                                      List<Parameter> parameters, Map<String, Parameter> shared) {
        ParameterSet set = new ParameterSet(scope, backbonePrefix, family);
        for (Parameter p : parameters) {
            if (!p.name().startsWith(scope)) {
                throw new IllegalArgumentException("parameter " + p.name() + " is outside the scope " + scope);
            }
            if (set.byName.put(p.name(), p) != null) throw new IllegalArgumentException(p.name() + " is listed twice");
        }
        for (Map.Entry<String, Parameter> e : shared.entrySet()) {
            if (!e.getKey().startsWith(scope) || set.byName.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("shared parameter " + e.getKey() + " is outside the scope " + scope
                        + " or listed twice");
            }
        }
        return set;
    }

    static ParameterSet load(DebertaConfig c, HeadType head, TensorSource source, long seed) {
        String familyPrefix = c.family.backbonePrefix();
        ParameterSet set = new ParameterSet("", head == HeadType.BASE ? "" : familyPrefix, c.family);
        SplittableRandom fresh = new SplittableRandom(seed);
        List<String> missing = new ArrayList<>();
        for (ParameterLayout.Entry e : ParameterLayout.of(c, head).entries()) {
            if (e.buffer()) continue;
            // A backbone pooler (bert.pooler) is a head weight here: a BertForMaskedLM checkpoint has none, and
            // transformers initialises it afresh for sequence classification.
            boolean isBackbone = (set.backbonePrefix.isEmpty() || e.name().startsWith(set.backbonePrefix))
                    && !e.name().startsWith(set.backbonePrefix + "pooler.");
            String stored = storedName(source, e.name(), set.backbonePrefix, familyPrefix);
            float[] data;
            if (stored != null) {
                long[] shape = source.info(stored).shape();
                if (!Arrays.equals(shape, e.shape())) {
                    throw new ModelLoadException(source.path() + ": weight " + stored + " has shape "
                            + Arrays.toString(shape) + ", the config requires " + Arrays.toString(e.shape()));
                }
                data = source.readFloats(stored);
            } else if (!isBackbone) {
                data = initialise(e, c.initializerRange, fresh);
                set.initialised.add(e.name());
            } else {
                missing.add(e.name());
                continue;
            }
            set.byName.put(e.name(), new Parameter(e.name(), e.intShape(), data));
        }
        if (!missing.isEmpty()) {
            throw new ModelLoadException(source.path() + ": missing weights for " + head.architecture(c.family) + ": "
                    + String.join(", ", missing));
        }
        return set;
    }

    /** The checkpoint's name for a layout name: as is, or without / with the backbone prefix. */
    private static String storedName(TensorSource source, String name, String prefix, String familyPrefix) {
        if (source.contains(name)) return name;
        if (!prefix.isEmpty() && name.startsWith(prefix) && source.contains(name.substring(prefix.length()))) {
            return name.substring(prefix.length());
        }
        if (prefix.isEmpty() && source.contains(familyPrefix + name)) return familyPrefix + name;
        return null;
    }

    private static float[] initialise(ParameterLayout.Entry e, double range, SplittableRandom random) {
        float[] w = new float[Math.toIntExact(e.numel())];
        switch (e.init()) {
            case NORMAL, EMBEDDING_WITH_PADDING -> {
                for (int i = 0; i < w.length; i++) w[i] = (float) (random.nextGaussian() * range);
            }
            case ONES -> Arrays.fill(w, 1f);
            case ZEROS -> { }
            default -> throw new IllegalStateException("no fresh initialisation for head weight " + e.name());
        }
        return w;
    }

    /** A backbone parameter named as DeBERTa-V2 names it (stored under the family's name). */
    Parameter backbone(String name) {
        return get(backbonePrefix + family.weightName(name));
    }

    Parameter get(String name) {
        Parameter p = byName.get(scope + name);
        if (p == null) throw new IllegalStateException("no parameter " + scope + name + " in this model's layout");
        return p;
    }

    TrainableLinear backboneDense(String prefix, boolean hasBias) {
        return new TrainableLinear(backbone(prefix + ".weight"), hasBias ? backbone(prefix + ".bias") : null);
    }

    TrainableLayerNorm backboneLayerNorm(String prefix, double eps) {
        return new TrainableLayerNorm(backbone(prefix + ".weight"), backbone(prefix + ".bias"), eps);
    }

    TrainableLinear headDense(String prefix) {
        return new TrainableLinear(get(prefix + ".weight"), get(prefix + ".bias"));
    }

    TrainableLayerNorm headLayerNorm(String prefix, double eps) {
        return new TrainableLayerNorm(get(prefix + ".weight"), get(prefix + ".bias"), eps);
    }

    public List<Parameter> list() {
        return List.copyOf(byName.values());
    }

    /** Head parameters the checkpoint lacked, freshly initialised. */
    List<String> initialised() {
        return Collections.unmodifiableList(initialised);
    }
}
