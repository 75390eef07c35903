package org.burdenwatch.targets;

import org.burdenwatch.records.TargetsFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.records.InputProblem;
import org.junit.jupiter.api.Test;

class TargetsFileTest {
    private static final String PARAMETERS = "\"parameters\": {\"hours_per_report\": 2, \"hours_per_inspected_unit\": 4, "
            + "\"burden_shift_margin_pct\": 10, \"inspection_plan_caps\": {\"533401\": 50}}";

    private static String problem(String json) {
        return assertThrows(InputProblem.class, () -> TargetsFile.parse("t.json", json, Indicators.forTargets()))
                .getMessage();
    }

    private static String withTargets(String targets) {
        return "{\"version\": 1, " + PARAMETERS + ", \"targets\": [" + targets + "]}";
    }

    @Test
    void theShippedDefaultsParse() {
        TargetsFile defaults = TargetsFile.defaults(Indicators.forTargets());
        assertEquals(50L, defaults.parameters().inspectionPlanCaps().get("533401"));
        assertEquals(2.0, defaults.parameters().hoursPerReport());
        assertEquals(12, defaults.targets().size());
        assertEquals(TargetsFile.CompletenessRules.DEFAULTS, defaults.parameters().completeness());
    }

    @Test
    void aValidFile() {
        TargetsFile f = TargetsFile.parse("t.json", withTargets(
                "{\"name\": \"cap\", \"indicator\": \"inspections_total\", \"direction\": \"at_most\", \"threshold\": 50,"
                        + " \"divisions\": [\"533401\"], \"period_types\": [\"year\"]},"
                        + "{\"name\": \"fewer\", \"indicator\": \"documents_issued\", \"direction\": \"at_most\","
                        + " \"yoy_reduction_pct\": 5}"), Indicators.forTargets());
        assertEquals(2, f.targets().size());
        assertEquals(List.of("year"), f.targets().get(0).periodTypes());
        assertEquals(4, f.targets().get(1).periodTypes().size());
        assertEquals(5.0, f.targets().get(1).yoyReductionPct());
    }

    @Test
    void malformedFilesNameTheFileTheEntryAndTheProblem() {
        String notJson = problem("{\"version\": 1");
        assertEquals(true, notJson.startsWith("targets file t.json: not valid JSON: Unexpected end-of-input"), notJson);
        assertEquals(true, notJson.endsWith("(line 1)"), notJson);
        assertEquals("targets file t.json: \"version\" must be 1", problem("{\"version\": 2}"));
        assertEquals("targets file t.json: target 1 (x): unknown indicator \"paperwork\"", problem(withTargets(
                "{\"name\": \"x\", \"indicator\": \"paperwork\", \"direction\": \"at_most\", \"threshold\": 1}")));
        assertEquals("targets file t.json: target 2 (y): direction must be at_most or at_least, not \"below\"",
                problem(withTargets("{\"name\": \"x\", \"indicator\": \"meetings_held\", \"direction\": \"at_most\", "
                        + "\"threshold\": 1}, {\"name\": \"y\", \"indicator\": \"meetings_held\", \"direction\": \"below\","
                        + " \"threshold\": 1}")));
        assertEquals("targets file t.json: target 1 (x): give exactly one of threshold and yoy_reduction_pct",
                problem(withTargets("{\"name\": \"x\", \"indicator\": \"meetings_held\", \"direction\": \"at_most\", "
                        + "\"threshold\": 1, \"yoy_reduction_pct\": 5}")));
        assertEquals("targets file t.json: target 1 (x): yoy_reduction_pct needs an indicator with a previous-year value, "
                + "not \"routine_score_share\"", problem(withTargets("{\"name\": \"x\", \"indicator\": "
                + "\"routine_score_share\", \"direction\": \"at_least\", \"yoy_reduction_pct\": 5}")));
        assertEquals("targets file t.json: target 1 (x): unknown period type \"week\"", problem(withTargets(
                "{\"name\": \"x\", \"indicator\": \"meetings_held\", \"direction\": \"at_most\", \"threshold\": 1, "
                        + "\"period_types\": [\"week\"]}")));
    }

    @Test
    void incompleteFilesSayWhatIsMissing() {
        assertEquals("targets file t.json: the file: \"parameters\" is missing", problem("{\"version\": 1, \"targets\": []}"));
        assertEquals("targets file t.json: the file: \"targets\" is missing", problem("{\"version\": 1, " + PARAMETERS + "}"));
        assertEquals("targets file t.json: parameters: \"hours_per_report\" is missing", problem(
                "{\"version\": 1, \"parameters\": {\"hours_per_inspected_unit\": 4}, \"targets\": []}"));
        assertEquals("targets file t.json: target 1: \"name\" is missing", problem(withTargets(
                "{\"indicator\": \"meetings_held\", \"direction\": \"at_most\", \"threshold\": 1}")));
        assertEquals("targets file t.json: target 1 (x): \"indicator\" is missing", problem(withTargets(
                "{\"name\": \"x\", \"direction\": \"at_most\", \"threshold\": 1}")));
    }

    @Test
    void aTypoInAKeyIsNamedWithTheKeysThereAre() {
        assertEquals("targets file t.json: parameters: unknown key \"hours_per_reprot\" (known: hours_per_report, "
                + "hours_per_inspected_unit, burden_shift_margin_pct, inspection_plan_caps, earliest_plausible_date, "
                + "latest_plausible_years_ahead, personal_columns, completeness, max_line_bytes, late_record_grace_days)",
                problem("{\"version\": 1, \"parameters\": "
                + "{\"hours_per_report\": 2, \"hours_per_reprot\": 3, \"hours_per_inspected_unit\": 4, "
                + "\"burden_shift_margin_pct\": 10}, \"targets\": []}"));
        assertEquals("targets file t.json: the file: unknown key \"target\" (known: version, parameters, targets)",
                problem("{\"version\": 1, " + PARAMETERS + ", \"targets\": [], \"target\": []}"));
        assertEquals("targets file t.json: target 1 (x): unknown key \"treshold\" (known: name, indicator, direction, "
                + "threshold, yoy_reduction_pct, period_types, divisions, rule)", problem(withTargets(
                "{\"name\": \"x\", \"indicator\": \"meetings_held\", \"direction\": \"at_most\", \"treshold\": 1}")));
    }

    @Test
    void numbersThatAreNotFiniteOrOutOfRangeAreRefused() {
        assertEquals("targets file t.json: parameters: \"hours_per_report\" must be a number from 0 to 1000",
                problem("{\"version\": 1, \"parameters\": {\"hours_per_report\": 1e309, \"hours_per_inspected_unit\": 4,"
                        + " \"burden_shift_margin_pct\": 10}, \"targets\": []}"));
        assertEquals("targets file t.json: parameters: \"burden_shift_margin_pct\" must be a number from 0 to 1000",
                problem("{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, \"hours_per_inspected_unit\": 4,"
                        + " \"burden_shift_margin_pct\": -5}, \"targets\": []}"));
        assertEquals("targets file t.json: parameters: inspection_plan_caps.533401 must be a whole number from 1 to "
                + "1,000,000", problem("{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, "
                + "\"hours_per_inspected_unit\": 4, \"burden_shift_margin_pct\": 10, \"inspection_plan_caps\": "
                + "{\"533401\": 50.5}}, \"targets\": []}"));
        assertEquals("targets file t.json: target 1 (x): \"threshold\" must be a finite number", problem(withTargets(
                "{\"name\": \"x\", \"indicator\": \"meetings_held\", \"direction\": \"at_most\", \"threshold\": -1e400}")));
        assertEquals("targets file t.json: target 1 (x): yoy_reduction_pct must be from -1000 to 100 (percent)",
                problem(withTargets("{\"name\": \"x\", \"indicator\": \"meetings_held\", \"direction\": \"at_most\", "
                        + "\"yoy_reduction_pct\": 150}")));
        assertEquals("targets file t.json: parameters: \"earliest_plausible_date\" must be a date like 2000-01-01",
                problem("{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, \"hours_per_inspected_unit\": 4,"
                        + " \"burden_shift_margin_pct\": 10, \"earliest_plausible_date\": \"2000/1/1\"}, \"targets\": []}"));
    }

    @Test
    void thePlausibleDatesAndNameColumnsHaveDefaults() {
        TargetsFile.Parameters p = TargetsFile.parse("t.json", withTargets(""), Indicators.forTargets()).parameters();
        assertEquals(java.time.LocalDate.of(2000, 1, 1), p.earliestPlausibleDate());
        assertEquals(java.time.LocalDate.of(2027, 3, 1), p.latestPlausibleDate(java.time.LocalDate.of(2026, 3, 1)));
        assertEquals(TargetsFile.DEFAULT_PERSONAL_COLUMNS, p.personalColumns());
        assertEquals(1 << 20, p.maxLineBytes());
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotSilentlyTheLastValue() {
        String message = problem("{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, \"hours_per_report\": 20, "
                + "\"hours_per_inspected_unit\": 4, \"burden_shift_margin_pct\": 10}, \"targets\": []}");
        assertTrue(message.startsWith("targets file t.json: not valid JSON: Duplicate field 'hours_per_report'"), message);
    }

    @Test
    void theLongestLineIsAParameterWithinSaneBounds() {
        String prefix = "{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, \"hours_per_inspected_unit\": 4,"
                + " \"burden_shift_margin_pct\": 10, \"max_line_bytes\": ";
        assertEquals(4096, TargetsFile.parse("t.json", prefix + "4096}, \"targets\": []}", Indicators.forTargets())
                .parameters().maxLineBytes());
        for (String bad : List.of("100", "1.5", "\"1MiB\"", "2000000000")) {
            assertEquals("targets file t.json: parameters: \"max_line_bytes\" must be a whole number of bytes from "
                    + "1024 to 1073741824", problem(prefix + bad + "}, \"targets\": []}"), bad);
        }
    }

    @Test
    void theLateRecordGraceIsFifteenDaysAWholeNumberUpToAYear() {
        String prefix = "{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, \"hours_per_inspected_unit\": 4,"
                + " \"burden_shift_margin_pct\": 10";
        assertEquals(15, TargetsFile.parse("t.json", prefix + "}, \"targets\": []}", Indicators.forTargets())
                .parameters().lateRecordGraceDays());
        assertEquals(0, TargetsFile.parse("t.json", prefix + ", \"late_record_grace_days\": 0}, \"targets\": []}",
                Indicators.forTargets()).parameters().lateRecordGraceDays());
        for (String bad : List.of("-1", "1.5", "\"15\"", "367")) {
            assertEquals("targets file t.json: parameters: \"late_record_grace_days\" must be a whole number from 0 "
                    + "to 366", problem(prefix + ", \"late_record_grace_days\": " + bad + "}, \"targets\": []}"), bad);
        }
    }

    @Test
    void theCompletenessThresholdsHaveTheIssuesDefaultsAndCanBeSet() {
        assertEquals(new TargetsFile.CompletenessRules(9, 0.5, 10, 0.2, 6),
                TargetsFile.parse("t.json", withTargets(""), Indicators.forTargets()).parameters().completeness());
        String partial = "{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, \"hours_per_inspected_unit\": 4,"
                + " \"burden_shift_margin_pct\": 10, \"completeness\": {\"missing_min_months\": 10, "
                + "\"quarantine_heavy_share\": 0.3}}, \"targets\": []}";
        assertEquals(new TargetsFile.CompletenessRules(10, 0.5, 10, 0.3, 6),
                TargetsFile.parse("t.json", partial, Indicators.forTargets()).parameters().completeness());
        assertEquals("targets file t.json: parameters: completeness: \"missing_min_months\" must be a whole number "
                + "from 1 to 12", problem(partial.replace("10, ", "9.5, ")));
        assertEquals("targets file t.json: parameters: completeness: \"quarantine_heavy_share\" must be a number "
                + "from 0 to 1", problem(partial.replace("0.3", "30")));
        assertEquals("targets file t.json: parameters: completeness: unknown key \"sparse\" (known: "
                + "missing_min_months, sparse_share, sparse_min_median, quarantine_heavy_share, min_history_months)",
                problem(partial.replace("\"missing_min_months\"", "\"sparse\"")));
    }

    @Test
    void aValueOfTheWrongKindIsNamedWithWhatItMustBeNotReadAsAnother() {
        String head = "{\"version\": 1, \"parameters\": {\"hours_per_report\": ";
        String tail = ", \"hours_per_inspected_unit\": 4, \"burden_shift_margin_pct\": 10}, \"targets\": []}";
        // text is not read as a number, nor a number as text
        assertEquals("targets file t.json: parameters: \"hours_per_report\" must be a number from 0 to 1000",
                problem(head + "\"2\"" + tail));
        assertEquals("targets file t.json: parameters: \"hours_per_report\" must be a number from 0 to 1000",
                problem(head + "true" + tail));
        assertEquals("targets file t.json: parameters: \"earliest_plausible_date\" must be a date like 2000-01-01",
                problem(head + "2, \"earliest_plausible_date\": 20000101" + tail));
        assertEquals("targets file t.json: \"version\" must be 1", problem("{\"version\": \"1\"}"));
        assertEquals("targets file t.json: \"parameters\" must be an object",
                problem("{\"version\": 1, \"parameters\": [], \"targets\": []}"));
        assertEquals("targets file t.json: \"targets\" must be a list", problem("{\"version\": 1, " + PARAMETERS
                + ", \"targets\": {}}"));
        assertEquals("targets file t.json: target 1 must be an object", problem(withTargets("5")));
        assertEquals("targets file t.json: parameters: inspection_plan_caps must map division codes to numbers",
                problem(head + "2, \"inspection_plan_caps\": [50]" + tail));
        assertEquals("targets file t.json: parameters: completeness must be an object",
                problem(head + "2, \"completeness\": 5" + tail));
        assertEquals("targets file t.json: parameters: \"personal_columns\" must be a list of text",
                problem(head + "2, \"personal_columns\": \"负责人\"" + tail));
        assertEquals("targets file t.json: target 1: \"name\" must be text", problem(withTargets(
                "{\"name\": 5, \"indicator\": \"meetings_held\", \"direction\": \"at_most\", \"threshold\": 1}")));
        String target = "{\"name\": \"x\", \"indicator\": \"meetings_held\", \"direction\": \"at_most\", ";
        assertEquals("targets file t.json: target 1 (x): \"threshold\" must be a finite number",
                problem(withTargets(target + "\"threshold\": \"1\"}")));
        for (String periods : List.of("\"year\"", "[1]", "[null]")) {
            assertEquals("targets file t.json: target 1 (x): \"period_types\" must be a list of text",
                    problem(withTargets(target + "\"threshold\": 1, \"period_types\": " + periods + "}")), periods);
        }
        assertTrue(problem(withTargets("") + " x").startsWith("targets file t.json: not valid JSON: "),
                "nothing may follow the object");
    }
}
