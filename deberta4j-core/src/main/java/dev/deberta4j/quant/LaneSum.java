package dev.deberta4j.quant;

import jdk.incubator.vector.FloatVector;

/**
 * Lane sums in a fixed order (lane 0 first): {@code reduceLanes(ADD)} may add in another order once compiled, so
 * the same product could change its last bits between early and later calls.
 */
final class LaneSum {
    private LaneSum() {
    }

    static float of(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }
}
