package org.burdenwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The report's command line: defaults, and a wrong period or prefecture answered in one line before Spark starts. */
class ReportCommandLineTest {
    @Test
    void defaultsAndTheLastOutputGiven() {
        ReportCommand.Line line = ReportCommand.Line.parse(new String[] {});
        assertEquals("out", line.folder.output);
        assertNull(line.period);
        assertNull(line.prefecture);
        line = ReportCommand.Line.parse(new String[] {"--output", "out", "--output", "mine", "--period", "2024-H1",
            "--prefecture", "533400"});
        assertEquals("mine", line.folder.output);
        assertEquals("2024-H1", line.period);
        assertEquals("533400", line.prefecture);
    }

    @Test
    void aWrongPeriodOrPrefectureOrOptionIsOneLine() {
        assertEquals("not a period: 2024-H9", assertThrows(IllegalArgumentException.class,
                () -> ReportCommand.Line.parse(new String[] {"--period", "2024-H9"})).getMessage());
        assertEquals("--prefecture takes a 6-digit division code, not \"53\"", assertThrows(IllegalArgumentException.class,
                () -> ReportCommand.Line.parse(new String[] {"--prefecture", "53"})).getMessage());
        assertEquals("Unknown options: '--perod'", assertThrows(IllegalArgumentException.class,
                () -> ReportCommand.Line.parse(new String[] {"--perod", "2024-H1"})).getMessage().replace(", '2024-H1'", ""));
    }
}
