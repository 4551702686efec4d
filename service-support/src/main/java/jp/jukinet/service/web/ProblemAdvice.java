package jp.jukinet.service.web;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jp.jukinet.model.InvalidValueException;
import tools.jackson.core.JacksonException;

/**
 * The one mapping from refusals to RFC 9457 {@code application/problem+json} for every node.
 * Each problem has a stable {@code type} URI and, where one field is at fault, a {@code field}
 * property with its JSON path ({@code person.dateOfBirth}). Problem details never carry the
 * refused value: it may be personal data.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** Field names the code types use when they refuse a value as a whole, wherever it is carried. */
    private static final java.util.Set<String> WHOLE_VALUE_FIELDS = java.util.Set.of(
            jp.jukinet.model.code.ResidentCode.FIELD, jp.jukinet.model.code.MyNumber.FIELD,
            jp.jukinet.model.code.LocalGovernmentCode.FIELD, jp.jukinet.model.code.PrefectureCode.FIELD,
            jp.jukinet.model.notice.NodeId.FIELD);

    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalidValue(InvalidValueException e) {
        return invalidField(e.field(), e.reason());
    }

    private final MeterRegistry meters;

    /** Counts refusals in {@code meters}, when there is one (every service has it with the actuator). */
    public ProblemAdvice(ObjectProvider<MeterRegistry> meters) {
        this.meters = meters.getIfAvailable();
    }

    /**
     * Every refusal is counted in {@code jukinet.refusals}, by kind, the route's pattern (never the
     * path with its values) and the field without indexes.
     */
    @ExceptionHandler(Refusal.class)
    ProblemDetail refusal(Refusal e, HttpServletRequest request) {
        if (meters != null) {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            meters.counter("jukinet.refusals", "kind", e.kind().slug(),
                    "route", pattern == null ? "(none)" : pattern.toString(),
                    "field", e.field() == null ? "(request)" : e.field().replaceAll("\\[\\d+]", "[]")).increment();
        }
        return refusalProblem(e);
    }

    /**
     * The problem a request refused with {@code e} gets, for answers that carry several problems
     * (a line of a batch): the same as the single request would get, or empty when {@code e} is not
     * a refusal of the request (a fault of the server).
     */
    public static java.util.Optional<ProblemDetail> problemFor(RuntimeException e) {
        if (e instanceof Refusal refusal) {
            return java.util.Optional.of(refusalProblem(refusal));
        }
        if (e instanceof InvalidValueException invalid) {
            return java.util.Optional.of(invalidField(invalid.field(), invalid.reason()));
        }
        if (e instanceof JacksonException) {
            return java.util.Optional.of(describeUnreadable(e));
        }
        return java.util.Optional.empty();
    }

    private static ProblemDetail refusalProblem(Refusal e) {
        HttpStatus status = switch (e.kind()) {
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case NOT_ISSUABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(ProblemTypes.of(e.kind().slug()));
        problem.setTitle(title(e.kind()));
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail pathOrQueryMismatch(MethodArgumentTypeMismatchException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof InvalidValueException invalid) {
            return invalidField(e.getName(), invalid.reason());
        }
        return invalidField(e.getName(), "has the wrong format");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ProblemDetail missingHeader(MissingRequestHeaderException e) {
        return invalidField(e.getHeaderName(), "header is required");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = describeUnreadable(e);
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(problem);
    }

    /**
     * Names the field of a body Jackson could not read: the JSON path where reading stopped,
     * joined with the field a value type named when it refused the value.
     */
    static ProblemDetail describeUnreadable(Throwable e) {
        Throwable cause = e instanceof JacksonException ? e : e.getCause();
        InvalidValueException invalid = find(e, InvalidValueException.class);
        JacksonException jackson = find(e, JacksonException.class);
        String path = jackson == null ? "" : path(jackson.getPath());
        if (invalid != null) {
            return invalidField(join(path, invalid.field()), invalid.reason());
        }
        if (jackson != null && !path.isEmpty()) {
            return invalidField(path, "has the wrong type or format");
        }
        // the class only: a parser's message may quote the body, and a body may hold personal data
        log.debug("Unreadable request body ({})", cause == null ? "no cause" : cause.getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON of the expected shape.");
        problem.setType(ProblemTypes.MALFORMED_REQUEST);
        problem.setTitle("Malformed request");
        return problem;
    }

    static ProblemDetail invalidField(String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + reason);
        problem.setType(ProblemTypes.INVALID_FIELD);
        problem.setTitle("Invalid field");
        problem.setProperty("field", field);
        return problem;
    }

    /**
     * {@code person.name} + {@code name.familyKana} gives {@code person.name.familyKana};
     * {@code person.dateOfBirth} + {@code dateOfBirth} gives {@code person.dateOfBirth}.
     */
    static String join(String path, String field) {
        if (path.isEmpty()) {
            return field;
        }
        if (WHOLE_VALUE_FIELDS.contains(field)) {
            // a code refused as a whole: the path already says where it sat (residentCodes[1], municipality)
            return path;
        }
        int lastDot = path.lastIndexOf('.');
        String last = path.substring(lastDot + 1);
        String head = lastDot < 0 ? "" : path.substring(0, lastDot + 1);
        if (field.equals(last) || field.startsWith(last + ".") || field.startsWith(last + "[")) {
            return head + field;
        }
        return path + "." + field;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static <T extends Throwable> T find(Throwable top, Class<T> type) {
        for (Throwable t = top; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String title(Refusal.Kind kind) {
        return switch (kind) {
            case CONFLICT -> "Conflicts with the register";
            case NOT_FOUND -> "Not found";
            case FORBIDDEN -> "Forbidden";
            case INVALID -> "Invalid field";
            case UNAVAILABLE -> "Temporarily unavailable";
            case NOT_ISSUABLE -> "Cannot be issued";
        };
    }
}
