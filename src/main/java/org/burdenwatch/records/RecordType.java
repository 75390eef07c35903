package org.burdenwatch.records;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.when;
import static org.burdenwatch.records.Vocabularies.LEVEL;
import static org.burdenwatch.records.Vocabularies.DOCUMENT_SCOPE;
import static org.burdenwatch.records.Vocabularies.MEETING_FORMAT;
import static org.burdenwatch.records.Vocabularies.PLATFORM_FEATURE;
import static org.burdenwatch.records.Vocabularies.PLATFORM_KIND;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The input record types of records.md, declared as data: folder, fields (with Chinese aliases and
 * rules), natural key and cross-field rules. Adding a type or a column is one entry here.
 */
public enum RecordType {
    DIVISIONS("divisions", "行政区划", true, List.of("code"),
            List.of(
                    Field.of("code", ValueKind.DIVISION_CODE, "区划代码").required(),
                    Field.text("name", "名称").required(),
                    Field.enumeration("level", LEVEL, "层级").required(),
                    Field.of("parent_code", ValueKind.DIVISION_CODE, "上级代码"),
                    Field.integer("grassroots_cadres", "基层干部数").atLeast(0)),
            List.of(
                    RecordRule.of("code_length_mismatch",
                            "a prefecture or county code has 6 digits, a township code 9",
                            length(col("code")).equalTo(when(col("level").equalTo(Vocabularies.TOWNSHIP), 9).otherwise(6)),
                            "code", "level"),
                    RecordRule.of("missing_parent",
                            "only a prefecture may have no parent_code",
                            col("parent_code").isNotNull().or(col("level").equalTo(Vocabularies.PREFECTURE)),
                            "level"))),

    DOCUMENTS("documents", "文件", false, List.of("doc_id"),
            List.of(
                    Field.text("doc_id", "文号").required(),
                    Field.text("issuer", "发文机关", "发文单位").required(),
                    Field.enumeration("issuer_level", LEVEL, "发文层级").required(),
                    Field.county("county_code", "区划代码").required(),
                    Field.date("issued_on", "发文日期").required(),
                    Field.integer("pages", "页数").atLeast(1),
                    Field.bool("requires_grassroots_report", "要求基层报送").withDefault("false"),
                    Field.text("title", "标题"),
                    Field.integer("characters", "字数").atLeast(0),
                    Field.enumeration("scope", DOCUMENT_SCOPE, "部署类型").withDefault("routine")),
            List.of()),

    MEETINGS("meetings", "会议", false, List.of("meeting_id"),
            List.of(
                    Field.text("meeting_id", "会议编号").required(),
                    Field.text("organizer", "主办单位").required(),
                    Field.enumeration("organizer_level", LEVEL, "主办层级").required(),
                    Field.county("county_code", "区划代码").required(),
                    Field.township("township_code", "乡镇代码"),
                    Field.timestamp("started_at", "开始时间").required(),
                    Field.integer("duration_minutes", "时长分钟").range(1, 1440).required(),
                    Field.integer("attendees", "参会人数").atLeast(1).required(),
                    Field.integer("grassroots_attendees", "基层参会人数").atLeast(0).withDefault("0"),
                    Field.enumeration("format", MEETING_FORMAT, "会议形式").withDefault("onsite")),
            List.of(
                    RecordRule.of("grassroots_exceeds_attendees",
                            "grassroots_attendees may not exceed attendees",
                            col("grassroots_attendees").leq(col("attendees")),
                            "grassroots_attendees", "attendees"))),

    PLATFORMS("platforms", "政务App、公众账号、工作群组", false, List.of("platform_id"),
            List.of(
                    Field.text("platform_id", "平台编号").required(),
                    Field.enumeration("kind", PLATFORM_KIND, "类型").required(),
                    Field.text("name", "名称").required(),
                    Field.text("owner_org", "主管单位"),
                    Field.enumeration("owner_level", LEVEL, "主管层级"),
                    Field.county("county_code", "区划代码").required(),
                    Field.township("township_code", "乡镇代码"),
                    Field.date("launched_on", "上线日期").required(),
                    Field.date("retired_on", "停用日期"),
                    Field.integer("members", "成员数").atLeast(0),
                    Field.integer("grassroots_members", "基层成员数").atLeast(0),
                    Field.date("last_active_on", "最近活跃日期"),
                    Field.enumList("features", PLATFORM_FEATURE, "功能")),
            List.of(
                    RecordRule.of("retired_before_launched",
                            "retired_on may not be before launched_on",
                            col("retired_on").geq(col("launched_on")),
                            "retired_on", "launched_on"),
                    RecordRule.of("grassroots_exceeds_members",
                            "grassroots_members may not exceed members",
                            col("grassroots_members").leq(col("members")),
                            "grassroots_members", "members"))),

    PLATFORM_TASKS("platform_tasks", "平台任务(填报、打卡、留痕)", false, List.of("task_id"),
            List.of(
                    Field.text("task_id", "任务编号").required(),
                    Field.text("platform_id", "平台编号"),
                    Field.county("county_code", "区划代码").required(),
                    Field.township("township_code", "乡镇代码"),
                    Field.timestamp("pushed_at", "下发时间").required(),
                    Field.enumeration("kind", Vocabularies.TASK_KIND, "类型").required(),
                    Field.integer("recipients", "接收人数").atLeast(1).withDefault("1"),
                    Field.integer("expected_minutes", "预计耗时分钟").range(0, 1440),
                    Field.integer("deadline_hours", "时限小时").atLeast(0)),
            List.of()),

    INSPECTIONS("inspections", "督查检查考核", false, List.of("item_id"),
            List.of(
                    Field.text("item_id", "事项编号").required(),
                    Field.county("county_code", "区划代码").required(),
                    Field.enumeration("kind", Vocabularies.INSPECTION_KIND, "类型").required(),
                    Field.bool("in_annual_plan", "纳入年度计划").required(),
                    Field.bool("approved", "报批报备").withDefault("false"),
                    Field.date("started_on", "开始日期").required(),
                    Field.integer("units_inspected", "涉及基层单位数").atLeast(0).withDefault("0")),
            List.of()),

    RESEARCH_VISITS("research_visits", "调研", false, List.of("visit_id"),
            List.of(
                    Field.text("visit_id", "调研编号").required(),
                    Field.text("leader", "带队领导").personal(),
                    Field.county("county_code", "区划代码").required(),
                    Field.township("township_code", "乡镇代码"),
                    Field.date("visited_on", "调研日期").required(),
                    Field.integer("problems_solved", "解决问题数").atLeast(0).required(),
                    Field.integer("measures_proposed", "提出措施数").atLeast(0).withDefault("0"),
                    Field.bool("unannounced", "四不两直").withDefault("false")),
            List.of()),

    ASSESSMENTS("assessments", "考核(平时分)", false, List.of("county_code", "year"),
            List.of(
                    Field.county("county_code", "区划代码").required(),
                    Field.integer("year", "年度").range(1949, 2200).required(),
                    Field.of("routine_score_share", ValueKind.SHARE, "平时分占比").required(),
                    Field.integer("separately_assessed_items", "单独考核事项数").atLeast(0)),
            List.of()),

    REPORTED_FIGURES("reported_figures", "县级自报数据", false, List.of("county_code", "period", "indicator", "source"),
            List.of(
                    Field.county("county_code", "区划代码").required(),
                    Field.of("period", ValueKind.PERIOD, "期间").required(),
                    Field.of("indicator", ValueKind.INDICATOR, "指标").required(),
                    Field.of("reported_value", ValueKind.NUMBER, "报告值"),
                    Field.of("reported_prev_value", ValueKind.NUMBER, "报告同期值"),
                    Field.of("reported_change_pct", ValueKind.NUMBER, "报告增减幅"),
                    Field.enumeration("direction", Vocabularies.DIRECTION, "方向"),
                    Field.text("source", "来源")),
            List.of());

    private final String folder;
    private final String chineseName;
    private final boolean requiredInput;
    private final List<String> naturalKey;
    private final List<Field> fields;
    private final List<RecordRule> rules;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Map<String, Integer> indexBySpelling = new HashMap<>();

    RecordType(String folder, String chineseName, boolean requiredInput, List<String> naturalKey, List<Field> fields,
               List<RecordRule> rules) {
        this.folder = folder;
        this.chineseName = chineseName;
        this.requiredInput = requiredInput;
        this.naturalKey = naturalKey;
        this.fields = fields;
        this.rules = rules;
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            indexByName.put(f.name(), i);
            indexBySpelling.put(normalise(f.name()), i);
            for (String alias : f.aliases()) {
                indexBySpelling.put(normalise(alias), i);
            }
        }
    }

    /** The folder under the input root, and the table name under clean/ and quarantine/. */
    public String folder() {
        return folder;
    }

    /** What the records are, in Chinese: 文件, 会议, …. */
    public String chineseName() {
        return chineseName;
    }

    /** True for divisions: a run cannot proceed without it. */
    public boolean isRequiredInput() {
        return requiredInput;
    }

    public List<String> naturalKey() {
        return naturalKey;
    }

    public List<Field> fields() {
        return fields;
    }

    public List<RecordRule> rules() {
        return rules;
    }

    public Field field(String name) {
        return fields.get(indexOf(name));
    }

    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new IllegalArgumentException(folder + " has no field " + name);
        }
        return i;
    }

    /**
     * The field a header or JSON key names (English name or Chinese alias, case and surrounding
     * space ignored), or -1 for an unknown column.
     */
    public int fieldIndexForHeader(String header) {
        return indexBySpelling.getOrDefault(normalise(header), -1);
    }

    /**
     * A header or key as it is compared: NFKC-normalised (a full-width {@code ｌｅａｄｅｒ} is
     * {@code leader}), zero-width characters and byte-order marks removed, surrounding space removed,
     * lower case.
     */
    public static String normalise(String header) {
        String h = java.text.Normalizer.normalize(Objects.requireNonNullElse(header, ""), java.text.Normalizer.Form.NFKC)
                .replaceAll("[\uFEFF\u200B\u200C\u200D\u2060]", "").strip();
        return h.toLowerCase(Locale.ROOT);
    }
}
