package jp.jukinet.model.provision;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A page of provision records, newest first:
 * {@code {"records": [...], "next": "<cursor>" | null}}. {@code next} is {@code null} on the last
 * page (written explicitly, so a reader sees the end rather than wonder); otherwise pass it back
 * as {@code cursor} to read the next, older page.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProvisionRecordPage(List<ProvisionRecordView> records,
                                  @JsonInclude(JsonInclude.Include.ALWAYS) String next) {

    public ProvisionRecordPage {
        records = records == null ? List.of() : List.copyOf(records);
    }
}
