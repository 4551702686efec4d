package jp.jukinet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Rules that keep the modules honest: the shared model is plain Java that any tier (and any
 * future client) can use, and the services talk to each other only over the network, through the
 * contract records of the shared model, never through each other's classes.
 */
class ArchitectureTest {

    private static final Map<String, String> SERVICES = Map.of(
            "cs-service", "jp.jukinet.cs..",
            "prefecture-service", "jp.jukinet.prefecture..",
            "national-service", "jp.jukinet.national..",
            "gateway", "jp.jukinet.gateway..",
            "downstream", "jp.jukinet.downstream..");

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("jp.jukinet");
    }

    static final ArchRule SHARED_MODEL_IS_PLAIN_JAVA = noClasses().that().resideInAPackage("jp.jukinet.model..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "javax.persistence..",
                    "org.hibernate..", "jakarta.servlet..", "org.flywaydb..")
            .because("the shared model is the contract between tiers and must stay plain Java");

    @Test
    void sharedModelDependsOnNoSpringAndNoPersistenceFramework() {
        SHARED_MODEL_IS_PLAIN_JAVA.check(classes);
    }

    /** The agency kit is embedded in agencies' own systems, whatever they run: plain Java on the shared model. */
    @Test
    void theAgencyKitIsPlainJavaOnTheSharedModelOnly() {
        noClasses().that().resideInAPackage("jp.jukinet.agency..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.persistence..", "org.hibernate..", "jakarta.servlet..",
                        "jp.jukinet.service..", "jp.jukinet.provision..", "jp.jukinet.national..", "jp.jukinet.gateway..",
                        "jp.jukinet.pki..", "jp.jukinet.testsupport..")
                .because("an agency embeds the kit in its own system, which runs no Spring and none of the network's code")
                .check(classes);
    }

    @Test
    void theSharedModelRuleCatchesASpringDependency() {
        JavaClasses offender = new ClassFileImporter().importClasses(jp.jukinet.model.fixture.SpringInTheModel.class);
        assertThrows(AssertionError.class, () -> SHARED_MODEL_IS_PLAIN_JAVA.check(offender));
    }

    @Test
    void sharedModelDependsOnNoServiceOrTestCode() {
        noClasses().that().resideInAPackage("jp.jukinet.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        List.copyOf(SERVICES.values()).toArray(String[]::new))
                .orShould().dependOnClassesThat().resideInAPackage("jp.jukinet.testsupport..")
                .check(classes);
    }

    @TestFactory
    List<DynamicTest> noServiceDependsOnAnotherServicesCode() {
        return SERVICES.entrySet().stream().map(service -> DynamicTest.dynamicTest(service.getKey(), () -> {
            String[] others = SERVICES.values().stream()
                    .filter(p -> !p.equals(service.getValue())).toArray(String[]::new);
            assertFalse(classes.that(com.tngtech.archunit.core.domain.JavaClass.Predicates
                    .resideInAPackage(service.getValue())).isEmpty(), service.getKey() + " classes were imported");
            noClasses().that().resideInAPackage(service.getValue())
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("tiers talk over the network through the shared model's contract records only")
                    .check(classes);
        })).toList();
    }

    /** F9: card management, JPKI and the information-provision network reach J-LIS through its agency API only. */
    @Test
    void theDownstreamSystemsUseNoProvisionOrRegisterCodeOfJLis() {
        noClasses().that().resideInAPackage("jp.jukinet.downstream..")
                .should().dependOnClassesThat().resideInAnyPackage("jp.jukinet.provision..", "jp.jukinet.service.register..",
                        "jp.jukinet.service.notice..", "jp.jukinet.pki..")
                .check(classes);
    }

    @Test
    void productionCodeNeverDependsOnTestSupport() {
        noClasses().that().resideInAnyPackage(List.copyOf(SERVICES.values()).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage("jp.jukinet.testsupport..")
                .check(classes);
    }
}
