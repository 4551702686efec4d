package jp.jukinet.model.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.provision.LookupProblem;

/**
 * The answer to one line of a target upload ({@code POST …/subscriptions/{id}/targets}, NDJSON
 * lines {@code {"op":"add"|"remove", "residentCode"|"myNumber": …}}), in line order. It names no
 * person: the agency knows whom it sent on each line.
 *
 * @param line    the line's number in the upload, from 1
 * @param outcome what happened
 * @param error   why, for NOT_FOUND, REFUSED and INVALID
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetResult(long line, Outcome outcome, LookupProblem error) {

    public enum Outcome {
        /** The person is a target now (also when they already were). */
        ADDED,
        /** The person is no target now (also when they were none). */
        REMOVED,
        /** No resident has that code or number. */
        NOT_FOUND,
        /** The rule does not allow it: a My Number key under a rule without it, or a person outside the rule's scope. Recorded. */
        REFUSED,
        /** The line is not a target line. */
        INVALID
    }
}
