package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs/*.sh launchers as a user meets them on a fresh clone: no target/ yet, and a build that
 * can fail. Each runs on a copy of jobs/ in a temporary project with a stand-in for mvn.
 */
class LaunchersTest {
    @TempDir
    Path project;

    private record Result(int exit, String stdout, String stderr) {
    }

    /** A fresh clone's shape: jobs/, a pom and sources, no target/; mvn on PATH is a script that fails. */
    private void freshClone() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("jobs"))) {
            for (Path f : files.toList()) {
                Path to = project.resolve(f.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.createDirectories(project.resolve("src/main"));
        Path bin = Files.createDirectories(project.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho 'stand-in mvn: cannot build here' >&2\nexit 1\n");
        mvn.toFile().setExecutable(true);
    }

    private Result bash(String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(project.toFile());
        pb.environment().put("PATH", project.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().remove("SPARK_HOME");
        Path out = project.resolve(".stdout");
        Path err = project.resolve(".stderr");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished: " + script);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void withNoTargetFolderTheJarIsNothingAndNotAnError() throws Exception {
        freshClone();
        Result r = bash("set -euo pipefail; source jobs/lib.sh; jar=$(project_jar); echo \"jar=[$jar]\"");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("jar=[]\n", r.stdout());
    }

    @Test
    void everyLauncherSaysWhatFailedWhenItCannotBuild() throws Exception {
        freshClone();
        for (String script : List.of("run.sh", "query.sh 'select 1'", "report.sh", "generate.sh --output x",
                "generate-sample.sh", "data-dictionary.sh")) {
            Result r = bash("jobs/" + script);
            assertNotEquals(0, r.exit(), script);
            assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("error: ")),
                    script + " must say what failed, said: [" + r.stderr() + "]");
            // the generators are tools (src/tools), built with the tests, not into the job's jar
            String built = script.startsWith("generate") ? "building the tools" : "building the jar";
            assertTrue(r.stderr().contains(built), script + ": " + r.stderr());
        }
    }

    @Test
    void aFailingCommandInALauncherIsNamed() throws Exception {
        freshClone();
        Result r = bash("set -euo pipefail; source jobs/lib.sh; false_step() { ls /nonexistent-folder-for-test; }; "
                + "false_step; echo unreachable");
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("error: ") && r.stderr().contains("ls /nonexistent-folder-for-test"),
                r.stderr());
        assertTrue(r.stdout().isEmpty(), r.stdout());
    }

    @Test
    void everyLaunchersHelpIsItsHeaderAndNoCode() throws Exception {
        freshClone();
        try (Stream<Path> files = Files.list(Path.of("jobs"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".sh")).sorted().toList()) {
                if (!Files.readString(f).contains("--help)")) {
                    continue;
                }
                Result r = bash("jobs/" + f.getFileName() + " --help");
                assertEquals(0, r.exit(), f + ": " + r.stderr());
                List<String> header = Files.readAllLines(f).stream().skip(1).takeWhile(l -> l.startsWith("#"))
                        .map(l -> l.replaceFirst("^# ?", "")).toList();
                assertEquals(header, r.stdout().lines().toList(), f + " --help");
            }
        }
    }

    @Test
    void launchersAreExecutable() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("jobs"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".sh") && !f.endsWith("lib.sh")).toList()) {
                assertTrue(Files.getPosixFilePermissions(f).containsAll(
                        Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE)), f.toString());
            }
        }
    }

    @Test
    void underSparkSubmitTheDriverAndExecutorsGetTheJitSettingsOfTheLocalRuns() throws Exception {
        builtWithStandInSparkSubmit();
        Result r = bash("jobs/run.sh --output out --conf spark.sql.shuffle.partitions=3");
        assertEquals(0, r.exit(), r.stderr());
        List<String> args = r.stdout().lines().toList();
        // the -XX: lines of the file a local run's JVM reads (huge generated methods compiled, C2's
        // inlining limits): the same for the driver and for every executor
        List<String> jit = Files.readAllLines(project.resolve("jobs/conf/spark-jvm.args")).stream()
                .filter(l -> l.startsWith("-XX:")).toList();
        assertTrue(jit.containsAll(List.of("-XX:-DontCompileHugeMethods", "-XX:FreqInlineSize=100",
                "-XX:InlineSmallCode=1000")), jit.toString());
        int driver = args.indexOf("--driver-java-options");
        assertTrue(driver >= 0 && args.get(driver + 1).endsWith(" " + String.join(" ", jit)), r.stdout());
        String executors = "spark.executor.extraJavaOptions=" + String.join(" ", jit);
        assertTrue(args.contains(executors), r.stdout());
        // a setting of the user's comes after ours, so that it wins
        assertTrue(args.indexOf("spark.sql.shuffle.partitions=3") > args.indexOf(executors), r.stdout());
        assertTrue(args.contains("org.burdenwatch.jobs.BurdenIndicatorsJob"), r.stdout());
    }

    @Test
    void theJobsOwnOptionsReachTheJobAsTheyAre() throws Exception {
        builtWithStandInSparkSubmit();
        // the message after a kill -9 says "rerun with --break-lock": the launcher must not refuse it
        Result r = bash("jobs/run.sh --output out --break-lock --stale-lock-hours 2");
        assertEquals(0, r.exit(), r.stderr());
        List<String> args = r.stdout().lines().toList();
        int main = args.indexOf("org.burdenwatch.jobs.BurdenIndicatorsJob");
        assertTrue(main >= 0, r.stdout());
        List<String> job = args.subList(main, args.size());
        assertTrue(job.contains("--break-lock"), r.stdout());
        assertEquals("2", job.get(job.indexOf("--stale-lock-hours") + 1), r.stdout());
    }

    /** A fresh clone with a built jar newer than the sources, and a stand-in spark-submit that prints its arguments. */
    private void builtWithStandInSparkSubmit() throws IOException {
        freshClone();
        Path target = Files.createDirectories(project.resolve("target"));
        Files.writeString(target.resolve("burden-indicators-0.1.0.jar"), "");
        Path submit = project.resolve("bin/spark-submit");
        Files.writeString(submit, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        submit.toFile().setExecutable(true);
    }

    /** The class-data archives under target/cds, by file name. */
    private List<String> archives() throws IOException {
        Path dir = project.resolve("target/cds");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A fresh clone with a built jar and class path newer than the sources, and a stand-in java that
     * prints its arguments and writes the archive it is asked to dump (then, with STANDIN_KILL, dies
     * as by kill -9; with STANDIN_EXIT, exits with that code). Returns the jar.
     */
    private Path builtWithStandInJava() throws IOException {
        freshClone();
        Path target = Files.createDirectories(project.resolve("target"));
        Path jar = Files.writeString(target.resolve("burden-indicators-0.1.0.jar"), "");
        Files.writeString(target.resolve("classpath.txt"), "/nonexistent/spark.jar");
        Path standIn = project.resolve("bin/java");
        Files.writeString(standIn, "#!/bin/bash\n[ \"$1\" = -version ] && { echo 'stand-in java 17'; exit 0; }\n"
                + "for a in \"$@\"; do echo \"$a\"; case \"$a\" in -XX:ArchiveClassesAtExit=*) "
                + "printf archive > \"${a#*=}\" ;; esac; done\n[ -n \"${STANDIN_KILL:-}\" ] && kill -9 $$\nexit ${STANDIN_EXIT:-0}\n");
        standIn.toFile().setExecutable(true);
        return jar;
    }

    @Test
    void aClassPathResolvedAgainAfterAnEditOfThePomIsResolvedOnce() throws Exception {
        freshClone();
        Path target = Files.createDirectories(project.resolve("target"));
        Path list = Files.writeString(target.resolve("classpath.txt"), "/nonexistent/spark.jar");
        Files.setLastModifiedTime(list, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        // the dependency plugin leaves an unchanged list alone: this stand-in only counts its calls
        Path calls = project.resolve("mvn-calls");
        Files.writeString(project.resolve("bin/mvn"), "#!/bin/sh\necho called >> " + calls + "\n");
        Result r = bash("source jobs/lib.sh; ensure_classpath; ensure_classpath; ensure_classpath");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(1, Files.readAllLines(calls).size(), "mvn runs once, not on every launch");
    }

    @Test
    void aSmallInputIsAShortRunUnlessItsDivisionListIsLargeAndEveryLocalRunCollectsInParallel() throws Exception {
        builtWithStandInJava();
        Path small = Files.createDirectories(project.resolve("in/divisions"));
        Files.writeString(small.resolve("divisions.csv"), "code,name,level,parent_code\n533400,迪庆州,州,\n");
        Result r = bash("BURDEN_CDS=0 jobs/run.sh --input in --output out");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("-XX:TieredStopAtLevel=1\n"), "C1 only for a short run:\n" + r.stdout());
        assertTrue(r.stdout().contains("-XX:+UseParallelGC\n"), "the parallel collector for a short run:\n" + r.stdout());
        assertTrue(r.stdout().contains("-Xmn128m\n"), "a short run's young generation stays small:\n" + r.stdout());
        String heap = bash("source jobs/lib.sh; local_heap").stdout().strip();
        assertTrue(heap.matches("-Xmx[0-9]+[gm]"), heap);
        assertTrue(r.stdout().contains(heap + "\n"), "the heap for this machine:\n" + r.stdout());

        Files.write(small.resolve("national.csv"), new byte[300 << 10]);
        Result national = bash("BURDEN_CDS=0 jobs/run.sh --input in --output out");
        assertEquals(0, national.exit(), national.stderr());
        assertFalse(national.stdout().contains("TieredStopAtLevel"), "a national division list: the optimising "
                + "compiler pays\n" + national.stdout());
        assertTrue(national.stdout().contains("-XX:+UseParallelGC\n"), "the parallel collector for every local run:\n"
                + national.stdout());
        assertFalse(national.stdout().contains("-Xmn"), "a long run's collector sizes its young generation:\n"
                + national.stdout());
        assertTrue(national.stdout().contains(heap + "\n"), national.stdout());

        Result chosen = bash("BURDEN_CDS=0 JAVA_OPTS=-Xmx2g jobs/run.sh --input in --output out");
        assertEquals(0, chosen.exit(), chosen.stderr());
        assertFalse(chosen.stdout().contains("UseParallelGC"), "JAVA_OPTS replaces the launcher's flags\n"
                + chosen.stdout());
        assertTrue(chosen.stdout().contains("-Xmx2g\n"), chosen.stdout());
    }

    @Test
    void aLocalRunsHeapIsAGibibytePerCoreAtLeastTwoAtMostHalfTheMemoryAndUnder32() throws Exception {
        freshClone();
        // cores, MiB of memory (0: not known) -> -Xmx
        Result r = bash("set -euo pipefail; source jobs/lib.sh; for m in '2 24105' '1 24105' '16 65536' '8 8192' '1 2048' '64 262144' '3 0'; do "
                + "local_heap $m; done");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(List.of("-Xmx2g", "-Xmx2g", "-Xmx16g", "-Xmx4g", "-Xmx1g", "-Xmx31g", "-Xmx3g"),
                r.stdout().lines().toList());
        // this machine's memory, or its container's when that is less
        Result memory = bash("set -euo pipefail; source jobs/lib.sh; memory_mib");
        assertTrue(Long.parseLong(memory.stdout().strip()) > 0, memory.stdout() + memory.stderr());
    }

    @Test
    void theFirstLocalRunWritesAClassDataArchiveThatLaterRunsMapAndOnlyASuccessfulRunsDumpIsKept() throws Exception {
        Path jar = builtWithStandInJava();
        Path target = project.resolve("target");
        String query = "jobs/query.sh --output out 'select 1'";

        Result first = bash(query);
        assertEquals(0, first.exit(), first.stderr());
        assertTrue(first.stderr().contains("note: this first run of the build also writes a class-data archive"),
                first.stderr());
        assertTrue(first.stdout().lines().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + target.resolve("cds"))
                && a.endsWith(".tmp")), first.stdout());
        List<String> written = archives();
        assertEquals(1, written.size(), written.toString());
        assertTrue(written.get(0).matches("[0-9a-f]{16}\\.jsa"), "put in place under its own name: " + written);
        Path archive = target.resolve("cds").resolve(written.get(0));

        Result second = bash(query);
        assertEquals(0, second.exit(), second.stderr());
        assertTrue(second.stdout().contains("-XX:SharedArchiveFile=" + archive + "\n"), second.stdout());
        assertFalse(second.stdout().contains("ArchiveClassesAtExit") || second.stderr().contains("note: this first run"),
                second.stdout() + second.stderr());

        Result off = bash("BURDEN_CDS=0 " + query);
        assertEquals(0, off.exit(), off.stderr());
        assertFalse(off.stdout().contains("SharedArchiveFile") || off.stdout().contains("ArchiveClassesAtExit"),
                off.stdout());

        // a new build is a new archive; the old one goes; a dump killed at exit leaves nothing behind
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Result read = bash("BURDEN_CDS=read " + query);
        assertFalse(read.stdout().contains("SharedArchiveFile") || read.stdout().contains("ArchiveClassesAtExit"),
                "read only: the old build's archive does not fit, and none is written\n" + read.stdout());
        Result killed = bash("STANDIN_KILL=1 " + query);
        assertEquals(137, killed.exit(), killed.stderr());
        assertEquals(List.of(), archives(), "neither the old build's archive nor the killed dump");
        // a refused run ends before Spark has loaded its classes: its dump would make later runs slower
        Result refused = bash("STANDIN_EXIT=2 " + query);
        assertEquals(2, refused.exit(), refused.stderr());
        assertEquals(List.of(), archives(), "the dump of a run that did not succeed is not kept");
        Result rebuilt = bash(query);
        assertEquals(0, rebuilt.exit(), rebuilt.stderr());
        assertEquals(1, archives().size(), archives().toString());
        assertNotEquals(written, archives());
    }
}
