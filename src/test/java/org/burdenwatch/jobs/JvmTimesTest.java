package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmTimesTest {
    @Test
    void cpuSpentBetweenTwoReadingsIsCounted() {
        JvmTimes start = JvmTimes.now();
        long sum = 0;
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            sum += Long.numberOfTrailingZeros(sum + System.nanoTime());
        }
        Map<String, Double> spent = JvmTimes.now().since(start).seconds();
        assertEquals(List.of("cpu", "jit", "gc"), List.copyOf(spent.keySet()), "HotSpot gives all three");
        assertTrue(spent.get("cpu") >= 0.2, spent + " after 0.3 s of spinning (" + sum + ")");
        assertTrue(spent.get("jit") >= 0 && spent.get("gc") >= 0, spent.toString());
    }

    @Test
    void theCompilersCpuIsReadFromTheirThreadsOnLinux() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task")));
        JvmTimes now = JvmTimes.now();
        // this JVM has compiled JUnit and the tests by now: some CPU, and less than the process's
        assertTrue(now.jit() > 0 && now.jit() < now.cpu(), now.toString());
        assertEquals(now.jit(), JvmTimes.compilerThreadsCpu(), 0.5);
    }

    @Test
    void aFigureTheJvmDoesNotGiveIsLeftOut() {
        assertEquals(Map.of("cpu", 1.3, "gc", 0.0), new JvmTimes(1.26, Double.NaN, 0.04).seconds());
        assertEquals(Map.of("cpu", 0.5), new JvmTimes(2.0, 7.0, Double.NaN).since(new JvmTimes(1.5, Double.NaN, 0)).seconds());
        // a compiler thread that ended took its time with it: never a negative figure
        assertEquals(0.0, new JvmTimes(2.0, 3.0, 0).since(new JvmTimes(1.0, 4.0, 0)).jit());
    }
}
