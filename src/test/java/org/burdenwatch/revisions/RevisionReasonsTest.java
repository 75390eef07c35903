package org.burdenwatch.revisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.records.RecordType;
import org.junit.jupiter.api.Test;

/** Why a published figure may have changed, decided on the driver: one case per reason. */
class RevisionReasonsTest {
    private static List<String> of(Map<String, List<String>> reasons, String indicator) {
        return reasons.get(indicator);
    }

    @Test
    void aWithdrawnFileExplainsItsTypesFiguresAndTheBurdenHoursOnly() {
        Map<String, List<String>> r = RevisionReasons.byIndicator(Indicators.withYearOnYear(),
                Set.of(RecordType.DOCUMENTS), Set.of(), false);
        assertEquals(List.of("records_withdrawn"), of(r, "documents_issued"));
        assertEquals(List.of("records_withdrawn"), of(r, "township_reports_demanded"));
        assertEquals(List.of("records_withdrawn"), of(r, "burden_hours"));
        assertEquals(List.of(), of(r, "meetings_held"));
        Map<String, List<String>> divisions = RevisionReasons.byIndicator(Indicators.withYearOnYear(),
                Set.of(RecordType.DIVISIONS), Set.of(), false);
        assertTrue(divisions.values().stream().allMatch(v -> v.equals(List.of("records_withdrawn"))),
                "a division withdrawn moves any figure");
    }

    @Test
    void parametersExplainTheFiguresComputedWithThem() {
        Map<String, List<String>> hours = RevisionReasons.byIndicator(Indicators.withYearOnYear(), Set.of(),
                Set.of("hours_per_report"), false);
        assertEquals(List.of("parameters_changed"), of(hours, "burden_hours"));
        assertEquals(List.of("parameters_changed"), of(hours, "burden_hours_per_cadre"));
        assertEquals(List.of(), of(hours, "documents_issued"));
        Map<String, List<String>> caps = RevisionReasons.byIndicator(Indicators.withYearOnYear(), Set.of(),
                Set.of("inspection_plan_caps"), false);
        assertTrue(caps.values().stream().allMatch(List::isEmpty), "a cap changes no revised figure");
        Map<String, List<String>> dates = RevisionReasons.byIndicator(Indicators.withYearOnYear(),
                Set.of(RecordType.MEETINGS), Set.of("earliest_plausible_date"), true);
        assertEquals(List.of("records_withdrawn", "parameters_changed", "rule_changed"), of(dates, "meetings_held"));
        assertEquals(List.of("parameters_changed", "rule_changed"), of(dates, "documents_issued"));
    }

    @Test
    void aParameterChangesWhenItsValueDoesNotWhenOnlyItsJsonNumberDoes() {
        assertEquals(Set.of("hours_per_report"), RevisionReasons.changedParameters(
                Map.of("hours_per_report", 2, "max_line_bytes", 1048576),
                Map.of("hours_per_report", 3.0, "max_line_bytes", 1048576)));
        assertEquals(Set.of(), RevisionReasons.changedParameters(Map.of("hours_per_report", 2),
                Map.of("hours_per_report", 2.0)));
        assertEquals(Set.of(), RevisionReasons.changedParameters(null, Map.of("hours_per_report", 2.0)));
        assertEquals(Set.of(), RevisionReasons.changedParameters(Map.of(), Map.of("late_record_grace_days", 15)),
                "a parameter the previous run did not record is no change");
    }

    @Test
    void theRulesAreTheSettingsBeforeTheTargetsFile() {
        assertTrue(RevisionReasons.ruleChanged("burden_indicators 0.1.0 rules 2; targets built-in",
                "burden_indicators 0.1.0 rules 3; targets built-in"));
        assertFalse(RevisionReasons.ruleChanged("burden_indicators 0.1.0 rules 3; targets built-in",
                "burden_indicators 0.1.0 rules 3; targets sha256:ab"));
        assertFalse(RevisionReasons.ruleChanged(null, "burden_indicators 0.1.0 rules 3; targets built-in"));
    }
}
