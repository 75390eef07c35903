package org.burdenwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.DivisionDirectory.Division;
import org.junit.jupiter.api.Test;

class DivisionTotalsTest {
    private final DivisionDirectory directory = new DivisionDirectory(List.of(
            new Division("533400", "迪庆藏族自治州", "prefecture", null, null),
            new Division("533401", "香格里拉市", "county", "533400", null),
            new Division("533422", "德钦县", "county", "533400", 500L),
            new Division("533423", "维西县", "county", "533400", null),
            new Division("533401101", "建塘镇", "township", "533401", 60L),
            new Division("533401201", "上江乡", "township", "533401", 40L),
            new Division("533422101", "升平镇", "township", "533422", 50L),
            new Division("533423101", "保和镇", "township", "533423", null)));
    private final IndicatorTables.DivisionTotals totals = new IndicatorTables.DivisionTotals(directory);

    @Test
    void townshipsOfACountyAndOfAPrefectureThroughItsCounties() {
        assertEquals(2, totals.townshipsUnder("533401"));
        assertEquals(4, totals.townshipsUnder("533400"));
        assertEquals(0, totals.townshipsUnder("533401101"));
    }

    @Test
    void cadresAreADivisionsOwnFigureElseTheSumOfItsChildren() {
        assertEquals(100L, totals.cadresOf(directory.get("533401")));
        assertEquals(500L, totals.cadresOf(directory.get("533422")), "its own figure, not its townships' 50");
        assertNull(totals.cadresOf(directory.get("533423")), "no township gives a figure");
        assertEquals(600L, totals.cadresOf(directory.get("533400")));
    }
}
