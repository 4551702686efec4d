package jp.jukinet.model.provision;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.identity.Sex;

/**
 * A prefecture's statistics of its residents (住基法 第30条の15第1項第4号, 統計資料の作成): counts,
 * never a person. Residents are counted by municipality, five-year age band and sex, as far as
 * the rule's fields allow (ADDRESS: the municipality; DATE_OF_BIRTH: the age band; SEX: the sex);
 * a dimension the rule does not allow is absent from every cell. A cell of fewer than
 * {@code minimumCount} residents is not shown (it could single a person out); how many were left
 * out is {@code suppressedCells}.
 *
 * @param basis           the statistics rule asked under
 * @param asOf            the day the ages are counted on (today in Japan)
 * @param minimumCount    the smallest count a shown cell has
 * @param cells           the counts, ordered by municipality, age band, sex
 * @param suppressedCells how many cells were below {@code minimumCount}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResidentStatistics(String basis, LocalDate asOf, int minimumCount, List<Cell> cells, int suppressedCells) {

    public ResidentStatistics {
        cells = List.copyOf(cells);
    }

    /**
     * One count.
     *
     * @param municipality the 6-digit local government code, absent when the rule does not allow it
     * @param ageBand      {@code 0-4}, {@code 5-9}, … {@code 95-99}, {@code 100+}; absent likewise
     * @param sex          absent likewise
     * @param count        residents in the cell, at least the statistics' {@code minimumCount}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cell(String municipality, String ageBand, Sex sex, long count) {
    }
}
