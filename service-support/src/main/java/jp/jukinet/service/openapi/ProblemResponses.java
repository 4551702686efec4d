package jp.jukinet.service.openapi;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * Declares on every operation the problem answers it can give, as RFC 9457 problem+json with their
 * stable types ({@link ProblemSchemas}). What the handler's signature tells decides them:
 * <ul>
 *   <li>403, 429 and 503 always: the gateway refuses a caller its policy does not admit and one over
 *       its limits before the node sees the request, the node refuses a caller from its own records,
 *       and a node rebuilding its register (or waiting on another tier) answers 503;</li>
 *   <li>400 when the operation takes parameters or a body; 413 when it takes a body (the gateway's
 *       {@code max-body}); 404 when its path names something ({@code {lg}}, {@code {residentCode}});
 *       409 when it writes (POST, PUT, PATCH, DELETE: it can break a rule of the register).</li>
 * </ul>
 * A status only the handler knows (422 of a record copy, 404 of a lookup that finds no one) is
 * declared on the handler with {@code @ApiResponse(responseCode = …, description = …)}; its problem
 * content is filled in here. An operation that reads its body from the servlet request (the NDJSON
 * batches) gets the request body its mapping consumes.
 */
public class ProblemResponses implements OperationCustomizer {

    private static final Set<RequestMethod> WRITES = Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
            RequestMethod.DELETE);

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        if (operation.getRequestBody() == null && mapping != null && mapping.consumes().length > 0) {
            Content content = new Content();
            for (String consumed : mapping.consumes()) {
                content.addMediaType(consumed, new MediaType().schema(ProblemSchemas.string(Integer.MAX_VALUE)
                        .description("The lines, one JSON document each (" + consumed + ")")));
            }
            operation.setRequestBody(new RequestBody().required(true).content(content));
        }
        boolean body = operation.getRequestBody() != null;
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        boolean named = Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(PathVariable.class));
        boolean writes = mapping != null && Arrays.stream(mapping.method()).anyMatch(WRITES::contains);

        Set<Integer> statuses = new TreeSet<>(Set.of(403, 429, 503));
        if (body || parameters) {
            statuses.add(400);
        }
        if (body) {
            statuses.add(413);
        }
        if (named) {
            statuses.add(404);
        }
        if (writes) {
            statuses.add(409);
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.forEach((code, response) -> {
            if (code.matches("\\d{3}") && ProblemSchemas.STATUSES.containsKey(Integer.parseInt(code))) {
                statuses.add(Integer.parseInt(code));
            }
        });
        for (int status : statuses) {
            ApiResponse declared = responses.get(String.valueOf(status));
            responses.addApiResponse(String.valueOf(status),
                    ProblemSchemas.response(status, declared == null ? null : declared.getDescription()));
        }
        operation.setResponses(responses);
        return operation;
    }
}
