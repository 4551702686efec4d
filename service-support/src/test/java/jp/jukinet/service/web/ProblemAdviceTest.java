package jp.jukinet.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemAdviceTest {

    @Test
    void namesNestedFieldsByTheirFullJsonPath() {
        assertThat(ProblemAdvice.join("person.name", "name.familyKana")).isEqualTo("person.name.familyKana");
        assertThat(ProblemAdvice.join("person.address", "address.text")).isEqualTo("person.address.text");
        assertThat(ProblemAdvice.join("person.dateOfBirth", "dateOfBirth")).isEqualTo("person.dateOfBirth");
        assertThat(ProblemAdvice.join("", "notices[1].sequence")).isEqualTo("notices[1].sequence");
        assertThat(ProblemAdvice.join("notices[0]", "sequence")).isEqualTo("notices[0].sequence");
    }

    @Test
    void aCodeRefusedAsAWholeIsNamedWhereItSat() {
        assertThat(ProblemAdvice.join("residentCodes[1]", "residentCode")).isEqualTo("residentCodes[1]");
        assertThat(ProblemAdvice.join("municipality", "localGovernmentCode")).isEqualTo("municipality");
        assertThat(ProblemAdvice.join("residentCode", "residentCode")).isEqualTo("residentCode");
    }
}
