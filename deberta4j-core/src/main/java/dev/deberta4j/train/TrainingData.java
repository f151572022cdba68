package dev.deberta4j.train;

/**
 * Examples the trainer draws batches from. The trainer decides the order (a seeded shuffle per epoch) and asks for
 * the examples of each batch by index, so a resumed run sees exactly the batches of the uninterrupted one.
 */
public interface TrainingData {
    int size();

    /** The padded batch of the given examples, in the given order. */
    Batch batch(int[] exampleIndices);
}
