package org.burdenwatch.records;

/** The enumerations of records.md, with their Chinese aliases. One place to add a spelling. */
public final class Vocabularies {
    private Vocabularies() {
    }

    public static final String PREFECTURE = "prefecture";
    public static final String COUNTY = "county";
    public static final String TOWNSHIP = "township";

    /** divisions.level, documents.issuer_level, meetings.organizer_level, platforms.owner_level. */
    public static final Vocabulary LEVEL = Vocabulary.named("level")
            .value(PREFECTURE, "州", "州级", "地级市", "市级")
            .value(COUNTY, "县", "县级", "县级市", "区")
            .value(TOWNSHIP, "乡镇", "乡", "镇", "街道", "乡镇级")
            .build();

    public static final Vocabulary DOCUMENT_SCOPE = Vocabulary.named("scope")
            .value("comprehensive", "综合部署")
            .value("special", "专项")
            .value("routine", "其他")
            .build();

    public static final Vocabulary MEETING_FORMAT = Vocabulary.named("format")
            .value("onsite", "现场")
            .value("video", "视频")
            .value("hybrid", "混合")
            .build();

    public static final Vocabulary PLATFORM_KIND = Vocabulary.named("platform kind")
            .value("app", "政务App", "政务app")
            .value("public_account", "公众号", "政务公众账号")
            .value("work_group", "工作群", "工作群组")
            .value("mini_program", "小程序")
            .build();

    /** Platform features; checkin, ranking, points, online_time and forced_download are banned by the 2024 rules. */
    public static final Vocabulary PLATFORM_FEATURE = Vocabulary.named("feature")
            .value("checkin", "打卡")
            .value("ranking", "排名")
            .value("points", "积分")
            .value("online_time", "在线时长")
            .value("forced_download", "强制下载")
            .value("daily_report", "每日填报")
            .build();

    public static final Vocabulary TASK_KIND = Vocabulary.named("task kind")
            .value("report", "填报")
            .value("checkin", "打卡")
            .value("photo_proof", "留痕拍照", "留痕")
            .value("ranking", "排名")
            .build();

    public static final Vocabulary INSPECTION_KIND = Vocabulary.named("inspection kind")
            .value("supervision", "督查")
            .value("inspection", "检查")
            .value("assessment", "考核")
            .build();

    public static final Vocabulary DIRECTION = Vocabulary.named("direction")
            .value("decrease", "减少", "下降")
            .value("increase", "增加", "上升")
            .build();
}
