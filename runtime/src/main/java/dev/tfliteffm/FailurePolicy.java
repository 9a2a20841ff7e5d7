package dev.tfliteffm;

/** What a {@link BatchJob} does when an item fails. */
public enum FailurePolicy {
    /** Go on with the other items; every failure is a {@link ItemResult.Failure} among the results. */
    CONTINUE,
    /**
     * Take no more items from the input after the first failure. Items already taken still finish and give
     * their results (nothing taken is lost), then the results end. The failure is among the results.
     */
    STOP
}
