package jp.jukinet.prefecture.consistency;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.service.register.DigestSource;

/**
 * Another tier's register digests as this prefecture server reads them through the gateway: a CS's
 * ({@code register-digests-to-cs}) or J-LIS's ({@code register-digests-to-national}). The
 * municipality's answer (digest, count, buckets) is read once per instance: one instance serves one
 * check.
 */
final class GatewayDigests implements DigestSource {

    private static final ParameterizedTypeReference<List<Leaf>> LEAVES = new ParameterizedTypeReference<>() { };

    private final RestClient gateway;
    private final Function<LocalGovernmentCode, String> path;
    private final Map<LocalGovernmentCode, Map<String, Object>> answers = new HashMap<>();

    /** @param path the municipality's digests path; {@code /buckets/{bucket}} below it reads one bucket */
    GatewayDigests(RestClient gateway, Function<LocalGovernmentCode, String> path) {
        this.gateway = gateway;
        this.path = path;
    }

    static GatewayDigests ofCs(RestClient gateway) {
        return new GatewayDigests(gateway, lg -> "/internal/v1/municipalities/" + lg.value() + "/register-digests");
    }

    static GatewayDigests ofNational(RestClient gateway) {
        return new GatewayDigests(gateway, lg -> "/internal/v1/national/register-digests/" + lg.value());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> answer(LocalGovernmentCode municipality) {
        return answers.computeIfAbsent(municipality,
                lg -> (Map<String, Object>) gateway.get().uri(path.apply(lg)).retrieve().body(Map.class));
    }

    @Override
    public Summary summary(LocalGovernmentCode municipality) {
        Map<String, Object> answer = answer(municipality);
        return new Summary((String) answer.get("digest"), ((Number) answer.get("residents")).longValue());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String> bucketDigests(LocalGovernmentCode municipality) {
        return new LinkedHashMap<>((Map<String, String>) answer(municipality).get("buckets"));
    }

    @Override
    public Map<String, Leaf> bucket(LocalGovernmentCode municipality, String bucket) {
        Map<String, Leaf> leaves = new LinkedHashMap<>();
        List<Leaf> rows = gateway.get().uri(path.apply(municipality) + "/buckets/" + bucket).retrieve().body(LEAVES);
        if (rows != null) {
            rows.forEach(leaf -> leaves.put(leaf.residentCode(), leaf));
        }
        return leaves;
    }
}
