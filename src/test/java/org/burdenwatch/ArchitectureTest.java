package org.burdenwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, checked on the job's compiled classes (not the tests or the
 * tools): each layer uses only the layers under it, query and report read the output only, and no
 * two packages depend on each other, directly or round a longer cycle. No exceptions are listed.
 */
class ArchitectureTest {
    private static JavaClasses job;

    @BeforeAll
    static void importTheJob() {
        job = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.burdenwatch");
    }

    @Test
    void eachLayerUsesOnlyTheLayersUnderIt() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Engine").definedBy("org.burdenwatch.engine..")
                .layer("Base").definedBy("org.burdenwatch.records..")
                .layer("Input").definedBy("org.burdenwatch.input..")
                .layer("Validation").definedBy("org.burdenwatch.validation..")
                .layer("Indicators").definedBy("org.burdenwatch.indicators..")
                .layer("Incremental").definedBy("org.burdenwatch.incremental..", "org.burdenwatch.revisions..")
                .layer("Targets and audit").definedBy("org.burdenwatch.targets..", "org.burdenwatch.audit..")
                .layer("Output").definedBy("org.burdenwatch.output..")
                .layer("Jobs").definedBy("org.burdenwatch.jobs..")
                .layer("Readers").definedBy("org.burdenwatch.query..", "org.burdenwatch.report..")
                .whereLayer("Jobs").mayNotBeAccessedByAnyLayer()
                .whereLayer("Readers").mayNotBeAccessedByAnyLayer()
                .whereLayer("Output").mayOnlyBeAccessedByLayers("Jobs", "Readers")
                // the storage layer renders and writes: it knows the tables, not the indicators or records they hold
                .whereLayer("Output").mayOnlyAccessLayers("Base", "Engine")
                .whereLayer("Engine").mayNotAccessAnyLayer()
                .whereLayer("Targets and audit").mayOnlyBeAccessedByLayers("Jobs")
                .whereLayer("Incremental").mayOnlyBeAccessedByLayers("Jobs")
                .whereLayer("Indicators").mayOnlyBeAccessedByLayers("Incremental", "Targets and audit", "Output", "Jobs",
                        "Readers")
                .whereLayer("Validation").mayOnlyBeAccessedByLayers("Indicators", "Incremental", "Jobs")
                .whereLayer("Input").mayOnlyBeAccessedByLayers("Validation", "Incremental", "Jobs")
                .ensureAllClassesAreContainedInArchitecture();
        layers.check(job);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.burdenwatch.(*)..").should().beFreeOfCycles().check(job);
    }

    @Test
    void theJobsJarCarriesNoTools() {
        // the generators and the benchmark's reference live in src/tools, compiled with the tests
        noClasses()
                .should().resideInAnyPackage("org.burdenwatch.sample..", "org.burdenwatch.bench..")
                .allowEmptyShould(true).check(job);
    }
}
