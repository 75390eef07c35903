package org.burdenwatch.jobs;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the job's JVM spent besides the records: its CPU in all, its JIT compilers' CPU (Linux; the
 * compilers' elapsed time elsewhere) and its collector's pauses, from /proc and the platform's
 * management beans. A run reports the difference over its course
 * (the driver's JVM; in local mode the executors' work too): at 2M task rows on two cores the
 * compilers took a third of the CPU (docs/performance.md), a cost the stage times alone do not show.
 * A figure the JVM does not give is NaN and left out of the summary.
 */
record JvmTimes(double cpu, double jit, double gc) {

    static JvmTimes now() {
        double cpu = Double.NaN;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean process && process.getProcessCpuTime() >= 0) {
            cpu = process.getProcessCpuTime() / 1e9;
        }
        double jit = compilerThreadsCpu();
        CompilationMXBean compilers = ManagementFactory.getCompilationMXBean();
        if (Double.isNaN(jit) && compilers != null && compilers.isCompilationTimeMonitoringSupported()) {
            jit = compilers.getTotalCompilationTime() / 1e3;
        }
        double gc = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            long ms = collector.getCollectionTime();
            gc = ms < 0 || Double.isNaN(gc) ? Double.NaN : gc + ms / 1e3;
        }
        return new JvmTimes(cpu, jit, gc);
    }

    /** Clock ticks per second of /proc's thread times (USER_HZ: 100 on every Linux build in use). */
    private static final double TICKS = 100.0;

    /**
     * The CPU seconds of the JIT's compiler threads (HotSpot's "C1 CompilerThre…", "C2 CompilerThre…"),
     * from Linux's /proc/self/task; NaN where there is no such file. The management bean's compilation
     * time counts a compile's elapsed time, which on a busy machine includes waiting for a core
     * (one core shared with the tasks: 167 s "compiling" in a run of 194 CPU-s).
     */
    static double compilerThreadsCpu() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return Double.NaN;
        }
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path t : threads) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                        continue;
                    }
                    // pid (comm) state ppid … utime stime: fields 14 and 15, counted after the comm's ')'
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    // a thread that ended between the listing and the read: its time is gone with it
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / TICKS;
    }

    /**
     * The seconds spent since {@code start}. Where the JVM stops a compiler thread it started for a
     * busy spell (more cores than two), that thread's time leaves the sum with it: the compilers'
     * figure is then at least what they spent, never below zero.
     */
    JvmTimes since(JvmTimes start) {
        return new JvmTimes(cpu - start.cpu, Math.max(0, jit - start.jit), gc - start.gc);
    }

    /** cpu, jit and gc in seconds to a tenth, those the JVM gives. */
    Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        put(out, "cpu", cpu);
        put(out, "jit", jit);
        put(out, "gc", gc);
        return out;
    }

    private static void put(Map<String, Double> out, String key, double seconds) {
        if (!Double.isNaN(seconds)) {
            out.put(key, Math.round(seconds * 10) / 10.0);
        }
    }
}
