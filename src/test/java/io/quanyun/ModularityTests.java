package io.quanyun;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Module boundaries are verified on every build, and the module documentation is written. */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(QuanyunApplication.class);
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.quanyun");

    @Test
    void moduleBoundaries_areRespected() {
        MODULES.verify();
    }

    @Test
    void controllers_neverTouchRepositories() {
        noClasses().that().areAnnotatedWith(org.springframework.stereotype.Controller.class)
                .or().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .should().dependOnClassesThat().areAssignableTo(org.springframework.data.repository.Repository.class)
                .check(CLASSES);
    }

    @Test
    void domainTypes_neverImportSpringWeb() {
        noClasses().that().resideInAnyPackage("io.quanyun.identity", "io.quanyun.audit")
                .and().areNotAnnotatedWith(org.springframework.stereotype.Controller.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                .check(CLASSES);
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
