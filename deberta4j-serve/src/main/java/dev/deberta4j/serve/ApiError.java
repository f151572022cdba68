package dev.deberta4j.serve;

/**
 * A request the server answers with an error: the HTTP status and TEI's {@code {"error", "error_type"}} body.
 * The error types are TEI's (Validation, Tokenizer, Empty, Overloaded, Backend, Unhealthy) plus Unauthorized and
 * NotFound, which TEI answers without a body.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;

    public ApiError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** 400: malformed JSON, or an empty batch (TEI's Empty). */
    static ApiError badRequest(String message) {
        return new ApiError(400, "Validation", message);
    }

    static ApiError empty(String message) {
        return new ApiError(400, "Empty", message);
    }

    /** 422: well-formed JSON of the wrong shape or type. */
    static ApiError unprocessable(String message) {
        return new ApiError(422, "Validation", message);
    }

    /** 413: a text over the model's limit, a batch over --max-client-batch-size, a body over the size limit. */
    static ApiError tooLarge(String message) {
        return new ApiError(413, "Validation", message);
    }

    static ApiError overloaded(String message) {
        return new ApiError(429, "Overloaded", message);
    }

    /** 424: the route needs a head the loaded model does not have (TEI's Backend error). */
    static ApiError wrongModel(String message) {
        return new ApiError(424, "Backend", message);
    }
}
