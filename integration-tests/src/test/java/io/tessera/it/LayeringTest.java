package io.tessera.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of DESIGN.md "Modules", checked on the compiled classes. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tessera");
    }

    @Test
    void commonProtocolDependsOnNoRole() {
        noClasses().that().resideInAPackage("io.tessera.common..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tessera.coordinator..", "io.tessera.datanode..",
                        "io.tessera.gtm..", "io.tessera.ctl..", "io.tessera.executor..", "io.tessera.reduce..")
                .check(classes);
    }

    @Test
    void gtmDependsOnlyOnCommonProtocol() {
        noClasses().that().resideInAPackage("io.tessera.gtm..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tessera.coordinator..", "io.tessera.datanode..",
                        "io.tessera.executor..", "io.tessera.reduce..", "io.tessera.ctl..")
                .check(classes);
    }

    @Test
    void datanodeNeverImportsTheCoordinator() {
        noClasses().that().resideInAPackage("io.tessera.datanode..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tessera.coordinator..", "io.tessera.sql..")
                .check(classes);
    }

    @Test
    void pgwireNeverTouchesStoragePlanningOrTheCatalog() {
        noClasses().that().resideInAPackage("io.tessera.coordinator.pgwire..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tessera.datanode..", "io.tessera.coordinator.sql..",
                        "io.tessera.coordinator.catalog..", "org.apache.calcite..", "org.rocksdb..")
                .check(classes);
    }

    @Test
    void theSqlLayerNeverTouchesTheWire() {
        noClasses().that().resideInAPackage("io.tessera.coordinator.sql..")
                .should().dependOnClassesThat().resideInAPackage("io.tessera.coordinator.pgwire..")
                .check(classes);
    }

    @Test
    void rolesReachCtlNever() {
        noClasses().that().resideInAnyPackage("io.tessera.coordinator..", "io.tessera.datanode..", "io.tessera.gtm..")
                .should().dependOnClassesThat().resideInAPackage("io.tessera.ctl..")
                .check(classes);
    }
}
