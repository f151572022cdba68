/**
 * {@link dev.deberta4j.tensor.Tensor}: the dense row-major float32 array (data and shape) that the public API
 * hands out, e.g. in {@link dev.deberta4j.model.ModelOutput}. The kernels that compute on raw float arrays are in
 * {@link dev.deberta4j.kernels}.
 */
package dev.deberta4j.tensor;
