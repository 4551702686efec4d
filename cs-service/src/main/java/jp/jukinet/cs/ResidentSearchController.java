package jp.jukinet.cs;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.NameNormalizer;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * A clerk looks a resident up by name (and date of birth) within their own municipality: the names
 * are compared as {@link NameNormalizer} normalises them, the family name as a prefix of the whole.
 * It reads the municipality's rows through {@code residents_by_municipality}; an index on the name
 * prefix waits until the 10M scale run, measured on this schema, has ended (docs/benchmarks.md).
 */
@RestController
class ResidentSearchController {

    /** The most residents one search answers; more are reported as {@code truncated}. */
    static final int LIMIT = 50;

    private final CsSettings settings;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    ResidentSearchController(CsSettings settings, JdbcClient jdbc, JsonMapper json) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One resident found: what a clerk needs to tell people of the same name apart. */
    record Found(String residentCode, jp.jukinet.model.identity.PersonName name, LocalDate dateOfBirth,
                 jp.jukinet.model.identity.Sex sex, jp.jukinet.model.identity.Address address,
                 jp.jukinet.model.identity.ResidentStatus status) {
    }

    record SearchResult(List<Found> residents, boolean truncated) {
    }

    @Operation(summary = "Residents of this municipality by name and date of birth",
            description = "family (required) and given are compared normalised (NameNormalizer), family + given as a "
                    + "prefix of the registered family + given; dateOfBirth narrows. Records in force and removed "
                    + "(除票) alike, at most 50 (truncated true when there were more).")
    @GetMapping("/api/v1/municipalities/{lg}/residents")
    SearchResult search(@PathVariable("lg") LocalGovernmentCode lg,
                        @RequestParam(name = "family", required = false) String family,
                        @RequestParam(name = "given", required = false) String given,
                        @RequestParam(name = "dateOfBirth", required = false)
                        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dateOfBirth) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
        if (family == null || family.isBlank()) {
            throw Refusal.invalid("family", "the family name (氏) is required to search by name");
        }
        if (family.length() > 100 || given != null && given.length() > 100) {
            throw Refusal.invalid(family.length() > 100 ? "family" : "given", "at most 100 characters");
        }
        String prefix = NameNormalizer.normalize(family.strip() + (given == null ? "" : given.strip()));
        String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<Found> found = jdbc.sql("""
                        SELECT identity FROM residents
                        WHERE municipality = :lg AND normalized_name LIKE :pattern ESCAPE '\\'
                          AND (CAST(:born AS date) IS NULL OR date_of_birth = CAST(:born AS date))
                        ORDER BY normalized_name, date_of_birth, resident_code LIMIT :limit""")
                .param("lg", lg.value()).param("pattern", pattern).param("born", dateOfBirth)
                .param("limit", LIMIT + 1)
                .query((row, n) -> json.readValue(row.getString("identity"), IdentityInformation.class)).list()
                .stream().map(identity -> new Found(identity.residentCode().value(), identity.name(),
                        identity.dateOfBirth(), identity.sex(), identity.address(), identity.status())).toList();
        return new SearchResult(found.size() > LIMIT ? found.subList(0, LIMIT) : found, found.size() > LIMIT);
    }
}
