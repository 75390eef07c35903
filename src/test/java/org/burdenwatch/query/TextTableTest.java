package org.burdenwatch.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void chineseCharactersTakeTwoColumns() {
        assertEquals(10, TextTable.displayWidth("香格里拉市"));
        assertEquals(6, TextTable.displayWidth("533401"));
        assertEquals(4, TextTable.displayWidth("（）"), "fullwidth punctuation");
        assertEquals(8, TextTable.displayWidth("2024年H1"));
    }

    @Test
    void columnsLineUpOnTheScreenWithChineseText() {
        String table = TextTable.render(List.of("code", "name", "n"), new boolean[] {false, false, true},
                List.of(new String[] {"533401", "香格里拉市", "415"}, new String[] {"533422", "德钦县", "7"}));
        List<String> lines = table.lines().toList();
        assertEquals("code   | name       |   n", lines.get(0));
        assertEquals("-------+------------+----", lines.get(1));
        assertEquals("533401 | 香格里拉市 | 415", lines.get(2));
        assertEquals("533422 | 德钦县     |   7", lines.get(3));
        // the separators sit at the same display column on every line
        for (String line : lines.subList(2, 4)) {
            assertEquals(TextTable.displayWidth(lines.get(0)), TextTable.displayWidth(line));
        }
    }
}
