package jp.jukinet.service.rebuild;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import jp.jukinet.service.security.PeerIdentityFilter;

/**
 * The operator's rebuild of a node from the tier below ({@code /actuator/rebuild}; J-LIS from the
 * prefecture servers, a prefecture server from its CSs): like every actuator endpoint but health,
 * only an operator certificate ({@code operator-*}) on a direct connection reaches it
 * ({@link PeerIdentityFilter}); the gateway routes no actuator of a node. A node declares it as a
 * bean over its {@link SnapshotRebuild}.
 * <ul>
 *   <li>{@code GET}: the state ({@code SERVING}, {@code CHECKING} or {@code REBUILDING}), the sources
 *       loaded (outbox head, counts) and how the last run went.</li>
 *   <li>{@code POST}: enters {@code REBUILDING} if the register is empty and starts the rebuild in
 *       the background (202); 409 when the register is not empty (a rebuild never merges into a
 *       register that holds anything), when no sources are configured, or while a run is going.
 *       A failed run is started again the same way and reads only the sources not loaded.</li>
 * </ul>
 */
@Endpoint(id = "rebuild")
public class RebuildEndpoint {

    private final SnapshotRebuild rebuild;

    public RebuildEndpoint(SnapshotRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @ReadOperation
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", rebuild.state().state().name());
        status.put("running", rebuild.isRunning());
        status.put("loaded", rebuild.loads());
        SnapshotRebuild.Run last = rebuild.last();
        if (last != null) {
            status.put("last", last);
        }
        return status;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> start() {
        String refused = rebuild.start(operator());
        if (refused != null) {
            return new WebEndpointResponse<>(Map.of("detail", refused), 409);
        }
        return new WebEndpointResponse<>(status(), 202);
    }

    private static String operator() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object peer = request == null ? null : request.getAttribute(PeerIdentityFilter.PEER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        Object caller = request == null ? null : request.getAttribute(PeerIdentityFilter.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return String.valueOf(peer != null ? peer : caller);
    }
}
