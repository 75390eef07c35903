package org.burdenwatch.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.burdenwatch.input.TextEncoding;

/**
 * Writes the sample input tree {@code data/sample/}: Diqing prefecture (533400), its 3 counties and
 * 29 townships, 2023 and 2024. Deterministic for a seed. Shangri-La's documents and meetings in
 * 2024-H1 / 2023-H1 are exactly the seed article's 415 / 496 and 95 / 145; everything else is
 * synthetic. Files mix what real exports look like: GB18030 CSV with Chinese headers, UTF-8 CSV
 * with a byte-order mark, JSON Lines; and a few bad rows so the quarantine shows.
 *
 * <p>Run: {@code jobs/generate-sample.sh [--output data/sample] [--seed 20240824]}.
 */
public final class SampleDataGenerator {
    public static final long DEFAULT_SEED = 20240824L;
    static final String PREFECTURE = "533400";
    static final String SHANGRI_LA = "533401";
    static final String DEQIN = "533422";
    static final String WEIXI = "533423";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2024-06-30T15:30:00Z, 2024-03-05T09:30:00+08:00. */
    private static final java.time.format.DateTimeFormatter OFFSET_FORMAT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final SplittableRandom random;
    private final Path out;

    /** A division of the sample. */
    record Division(String code, String name, String level, String parent, String shortName) {
    }

    private final List<Division> divisions = new ArrayList<>();
    private final Map<String, List<Division>> townshipsOf = new LinkedHashMap<>();
    private final Map<String, List<String>> platformIdsOf = new LinkedHashMap<>();

    private SampleDataGenerator(Path out, long seed) {
        this.out = out;
        this.random = new SplittableRandom(seed);
        divisions.add(new Division(PREFECTURE, "迪庆藏族自治州", "州", null, "迪"));
        addCounty(SHANGRI_LA, "香格里拉市", "县级市", "香",
                new String[] {"建塘镇", "小中甸镇", "虎跳峡镇", "金江镇"},
                new String[] {"上江乡", "三坝纳西族乡", "洛吉乡", "尼西乡", "五境乡", "东旺乡", "格咱乡"});
        addCounty(DEQIN, "德钦县", "县", "德",
                new String[] {"升平镇", "奔子栏镇"},
                new String[] {"佛山乡", "云岭乡", "燕门乡", "拖顶傈僳族乡", "霞若傈僳族乡", "羊拉乡"});
        addCounty(WEIXI, "维西傈僳族自治县", "县", "维",
                new String[] {"保和镇", "叶枝镇", "塔城镇"},
                new String[] {"永春乡", "攀天阁乡", "白济汛乡", "康普乡", "巴迪乡", "中路乡", "维登乡"});
    }

    private void addCounty(String code, String name, String level, String shortName, String[] towns,
                           String[] townships) {
        divisions.add(new Division(code, name, level, PREFECTURE, shortName));
        List<Division> list = new ArrayList<>();
        for (int i = 0; i < towns.length; i++) {
            list.add(new Division(code + (101 + i), towns[i], "镇", code, null));
        }
        for (int i = 0; i < townships.length; i++) {
            list.add(new Division(code + (201 + i), townships[i], "乡", code, null));
        }
        townshipsOf.put(code, list);
        divisions.addAll(list);
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of("data/sample");
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output":
                    output = Path.of(args[++i]);
                    break;
                case "--seed":
                    seed = Long.parseLong(args[++i]);
                    break;
                default:
                    System.err.println("usage: SampleDataGenerator [--output DIR] [--seed N]");
                    System.exit(2);
            }
        }
        generate(output, seed);
        System.out.println("sample written to " + output);
    }

    /** Writes the whole sample tree under {@code out} (files are overwritten, nothing else is touched). */
    public static void generate(Path out, long seed) throws IOException {
        SampleDataGenerator g = new SampleDataGenerator(out, seed);
        g.writeDivisions();
        g.writeDocuments();
        g.writeMeetings();
        g.writePlatforms();
        g.writeTasks();
        g.writeInspections();
        g.writeResearchVisits();
        g.writeAssessments();
        g.writeReportedFigures();
    }

    // ---------------------------------------------------------------- divisions

    private void writeDivisions() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Division d : divisions) {
            String cadres = "乡".equals(d.level()) || "镇".equals(d.level())
                    ? Integer.toString(40 + random.nextInt(80)) : "";
            rows.add(List.of(d.code(), d.name(), d.level(), d.parent() == null ? "" : d.parent(), cadres));
        }
        writeCsv("divisions/divisions.csv", TextEncoding.GB18030, false,
                List.of("区划代码", "名称", "层级", "上级代码", "基层干部数"), rows);
    }

    // ---------------------------------------------------------------- documents

    /** Documents per half-year: 2023-H1, 2023-H2, 2024-H1, 2024-H2. Shangri-La's H1 figures are the article's. */
    static final Map<String, int[]> DOCUMENTS_PER_HALF = Map.of(
            SHANGRI_LA, new int[] {496, 470, 415, 380},
            DEQIN, new int[] {210, 200, 188, 185},
            WEIXI, new int[] {260, 240, 270, 232},
            PREFECTURE, new int[] {320, 300, 281, 262});

    private static final String[][] COUNTY_ISSUERS = {
        {"人民政府办公室", "政办发"}, {"人民政府", "政发"}, {"委办公室", "办发"}, {"教育体育局", "教发"},
        {"农业农村局", "农发"}, {"林业和草原局", "林草发"}, {"卫生健康局", "卫健发"}, {"应急管理局", "应急发"}};
    private static final String[] TOPICS = {"森林草原防灭火", "乡村振兴", "安全生产", "义务教育控辍保学",
        "基层减负", "生态环境保护", "民族团结进步示范创建", "农村人居环境整治", "防汛抗旱", "招商引资"};

    private void writeDocuments() throws IOException {
        List<String> header = List.of("doc_id", "issuer", "issuer_level", "county_code", "issued_on", "pages",
                "requires_grassroots_report", "title", "characters", "scope");
        Map<String, Integer> sequence = new LinkedHashMap<>();
        List<List<String>> y2023 = new ArrayList<>();
        List<List<String>> y2024 = new ArrayList<>();
        List<List<String>> prefecture = new ArrayList<>();
        for (String county : List.of(SHANGRI_LA, DEQIN, WEIXI, PREFECTURE)) {
            int[] perHalf = DOCUMENTS_PER_HALF.get(county);
            for (int h = 0; h < 4; h++) {
                int year = 2023 + h / 2;
                LocalDate start = LocalDate.of(year, h % 2 == 0 ? 1 : 7, 1);
                for (int i = 0; i < perHalf[h]; i++) {
                    LocalDate day = start.plusDays(random.nextInt(h % 2 == 0 ? 181 : 184));
                    List<String> doc = document(county, day, sequence);
                    if (county.equals(PREFECTURE)) {
                        prefecture.add(doc);
                    } else if (year == 2023) {
                        y2023.add(doc);
                    } else {
                        y2024.add(doc);
                    }
                }
            }
        }
        // 2023: the county registry exported from WPS on Windows: GB18030, Chinese headers and dates.
        List<List<String>> chinese = new ArrayList<>();
        for (List<String> d : y2023) {
            List<String> row = new ArrayList<>(d);
            LocalDate day = LocalDate.parse(d.get(4));
            row.set(2, "county".equals(d.get(2)) ? "县级" : "乡镇");
            row.set(4, random.nextBoolean() ? day.getYear() + "年" + day.getMonthValue() + "月"
                    + day.getDayOfMonth() + "日" : day.getYear() + "/" + day.getMonthValue() + "/" + day.getDayOfMonth());
            row.set(6, "true".equals(d.get(6)) ? "是" : "否");
            row.set(9, Map.of("routine", "其他", "special", "专项", "comprehensive", "综合部署").get(d.get(9)));
            chinese.add(row);
        }
        chinese.add(List.of("香政办发〔2023〕999号", "", "县级", SHANGRI_LA, "2023年5月8日", "3", "否",
                "关于报送材料的通知", "1200", "其他")); // bad: no issuer
        chinese.add(List.of("德政办发〔2023〕998号", "德钦县人民政府办公室", "县级", DEQIN, "2023/6/1", "2", "也许",
                "关于开展调研的通知", "900", "其他")); // bad: not a boolean
        writeCsv("documents/2023_县级发文登记.csv", TextEncoding.GB18030, false,
                List.of("文号", "发文机关", "发文层级", "区划代码", "发文日期", "页数", "要求基层报送", "标题", "字数", "部署类型"),
                chinese);

        // 2024: the new OA system's JSON Lines export.
        StringBuilder jsonl = new StringBuilder();
        for (List<String> d : y2024) {
            jsonl.append(documentJson(header, d)).append('\n');
        }
        List<String> first = y2024.get(0);
        jsonl.append(documentJson(header, first)).append('\n'); // a repeated export of the first record
        List<String> badDate = new ArrayList<>(first);
        badDate.set(0, "香政发〔2024〕998号");
        badDate.set(4, "2024-02-30");
        jsonl.append(documentJson(header, badDate)).append('\n');
        List<String> badCounty = new ArrayList<>(first);
        badCounty.set(0, "香政发〔2024〕999号");
        badCounty.set(3, "533499");
        jsonl.append(documentJson(header, badCounty)).append('\n');
        jsonl.append("{\"doc_id\": \"维政发〔2024〕999号\", \"issuer\": \"维西县人民政府\"\n"); // cut off mid-record
        writeText("documents/2024_oa_export.jsonl", StandardCharsets.UTF_8, false, jsonl.toString());

        // The prefecture's own organs: UTF-8 with a byte-order mark (Excel "CSV UTF-8"), English
        // headers, and an extra column the job ignores and reports.
        List<String> withRemark = new ArrayList<>(header);
        withRemark.add("remark");
        List<List<String>> rows = new ArrayList<>();
        for (List<String> d : prefecture) {
            List<String> row = new ArrayList<>(d);
            row.add(random.nextInt(10) == 0 ? "已归档, 见\"档案室\"登记" : "");
            rows.add(row);
        }
        writeCsv("documents/prefecture_organs.csv", StandardCharsets.UTF_8, true, withRemark, rows);
    }

    private List<String> document(String county, LocalDate day, Map<String, Integer> sequence) {
        String issuer;
        String prefix;
        String level;
        Division d = division(county);
        if (county.equals(PREFECTURE)) {
            String[] org = COUNTY_ISSUERS[random.nextInt(COUNTY_ISSUERS.length)];
            issuer = org[0].startsWith("委") ? "中共迪庆州" + org[0] : "迪庆州" + org[0];
            prefix = "迪" + org[1];
            level = "prefecture";
        } else if (random.nextInt(5) == 0) {
            Division township = pick(townshipsOf.get(county));
            issuer = township.name() + "人民政府";
            prefix = d.shortName() + township.name().substring(0, 2) + "政发";
            level = "township";
        } else {
            String[] org = COUNTY_ISSUERS[random.nextInt(COUNTY_ISSUERS.length)];
            issuer = org[0].startsWith("委") ? "中共" + d.name() + org[0] : d.name() + org[0];
            prefix = d.shortName() + org[1];
            level = "county";
        }
        String key = prefix + day.getYear();
        int n = sequence.merge(key, 1, Integer::sum);
        String docId = prefix + "〔" + day.getYear() + "〕" + n + "号";
        String topic = TOPICS[random.nextInt(TOPICS.length)];
        int scopeRoll = random.nextInt(20);
        String scope = scopeRoll == 0 ? "comprehensive" : scopeRoll < 5 ? "special" : "routine";
        int characters = 800 + random.nextInt(random.nextInt(10) == 0 ? 7000 : 3500);
        String title = random.nextInt(8) == 0
                ? "关于做好" + day.getYear() + "年" + topic + "工作, 切实减轻基层负担的通知"
                : "关于做好" + day.getYear() + "年" + topic + "工作的通知";
        return List.of(docId, issuer, level, county, day.toString(), Integer.toString(1 + random.nextInt(12)),
                Boolean.toString(random.nextInt(10) < 3), title, Integer.toString(characters), scope);
    }

    private String documentJson(List<String> header, List<String> d) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < header.size(); i++) {
            String field = header.get(i);
            String value = d.get(i);
            switch (field) {
                case "pages":
                case "characters":
                    node.put(field, Integer.parseInt(value));
                    break;
                case "requires_grassroots_report":
                    node.put(field, Boolean.parseBoolean(value));
                    break;
                case "issued_on":
                    // the OA system writes some dates with dots
                    node.put(field, value.length() == 10 && value.endsWith("5") ? value.replace('-', '.') : value);
                    break;
                default:
                    node.put(field, value);
            }
        }
        return JSON.writeValueAsString(node);
    }

    // ---------------------------------------------------------------- meetings

    /** Meetings per half-year: 2023-H1, 2023-H2, 2024-H1, 2024-H2. Shangri-La's H1 figures are the article's. */
    static final Map<String, int[]> MEETINGS_PER_HALF = Map.of(
            SHANGRI_LA, new int[] {145, 130, 95, 90},
            DEQIN, new int[] {60, 55, 52, 50},
            WEIXI, new int[] {70, 66, 64, 61},
            PREFECTURE, new int[] {80, 75, 70, 65});

    private void writeMeetings() throws IOException {
        List<String> header = List.of("meeting_id", "organizer", "organizer_level", "county_code", "township_code",
                "started_at", "duration_minutes", "attendees", "grassroots_attendees", "format");
        List<List<String>> y2023 = new ArrayList<>();
        StringBuilder y2024 = new StringBuilder();
        List<List<String>> weixi2024 = new ArrayList<>();
        int serial = 0;
        for (String county : List.of(SHANGRI_LA, DEQIN, WEIXI, PREFECTURE)) {
            int[] perHalf = MEETINGS_PER_HALF.get(county);
            for (int h = 0; h < 4; h++) {
                int year = 2023 + h / 2;
                LocalDate start = LocalDate.of(year, h % 2 == 0 ? 1 : 7, 1);
                for (int i = 0; i < perHalf[h]; i++) {
                    LocalDateTime at = start.plusDays(random.nextInt(h % 2 == 0 ? 181 : 184))
                            .atTime(8 + random.nextInt(9), random.nextInt(4) * 15);
                    if (county.equals(SHANGRI_LA) && year == 2024 && i == 0) {
                        // 23:30 on 30 June in Shanghai is 15:30 UTC: still the first half-year
                        at = LocalDateTime.of(2024, 6, 30, 23, 30);
                    }
                    if (county.equals(SHANGRI_LA) && h == 3 && i == 0) {
                        // 00:30 on 1 July in Shanghai is 16:30 UTC on 30 June: the second half-year
                        at = LocalDateTime.of(2024, 7, 1, 0, 30);
                    }
                    List<String> m = meeting(++serial, county, at);
                    if (year == 2023) {
                        y2023.add(m);
                    } else if (county.equals(WEIXI)) {
                        weixi2024.add(m);
                    } else {
                        y2024.append(meetingJson(header, m, at, i)).append('\n');
                    }
                }
            }
        }
        List<List<String>> chinese = new ArrayList<>();
        for (List<String> m : y2023) {
            List<String> row = new ArrayList<>(m);
            LocalDateTime at = LocalDateTime.parse(m.get(5));
            row.set(2, Map.of("county", "县级", "township", "乡镇", "prefecture", "州级").get(m.get(2)));
            row.set(5, at.getYear() + "/" + at.getMonthValue() + "/" + at.getDayOfMonth() + " " + at.getHour() + ":"
                    + String.format("%02d", at.getMinute()));
            row.set(9, Map.of("onsite", "现场", "video", "视频", "hybrid", "混合").get(m.get(9)));
            chinese.add(row);
        }
        // A joint meeting whose organizer cell holds a comma and a line break (quoted in the CSV).
        chinese.add(List.of("HY-2023-JOINT", "中共香格里拉市委办公室,\n香格里拉市人民政府办公室(联合)", "县级", SHANGRI_LA, "",
                "2023/8/15 9:00", "90", "60", "20", "现场"));
        chinese.add(List.of("HY-2023-BAD1", "德钦县应急管理局", "县级", DEQIN, "", "2023/3/10 9:00", "0", "30", "10",
                "现场")); // bad: zero minutes
        chinese.add(List.of("HY-2023-BAD2", "维西县农业农村局", "县级", WEIXI, DEQIN + "201", "2023/4/2 14:00", "60",
                "20", "25", "视频")); // bad: township of another county; more grassroots than attendees
        writeCsv("meetings/2023_会议台账.csv", TextEncoding.GB18030, false,
                List.of("会议编号", "主办单位", "主办层级", "区划代码", "乡镇代码", "开始时间", "时长分钟", "参会人数", "基层参会人数",
                        "会议形式"),
                chinese);
        y2024.append("{\"meeting_id\":\"HY-2024-BAD3\",\"organizer\":\"香格里拉市教育体育局\",\"organizer_level\":\"county\","
                + "\"county_code\":\"533401\",\"started_at\":\"2024-13-01 09:00\",\"duration_minutes\":60,"
                + "\"attendees\":40}\n"); // bad: month 13
        writeText("meetings/2024_meetings.jsonl", StandardCharsets.UTF_8, false, y2024.toString());
        writeWeixiWorkbook(weixi2024);
    }

    /**
     * Weixi keeps its 2024 meetings in a workbook (会议台账), as county offices do: a merged title row
     * and a blank row above the header, Chinese headers, codes and counts stored as numbers, and the
     * start time as a date-time cell in every other row, as text (2024/3/5 9:30) in the rest.
     */
    private void writeWeixiWorkbook(List<List<String>> meetings) throws IOException {
        Map<String, String> levels = Map.of("county", "县级", "township", "乡镇", "prefecture", "州级");
        Map<String, String> formats = Map.of("onsite", "现场", "video", "视频", "hybrid", "混合");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.getProperties().getCoreProperties().setCreated(java.util.Optional.of(new java.util.Date(0)));
            Sheet sheet = wb.createSheet("会议台账");
            sheet.createRow(0).createCell(0).setCellValue(division(WEIXI).name() + "2024年会议台账");
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, 9));
            Row header = sheet.createRow(2);
            List<String> names = List.of("会议编号", "主办单位", "主办层级", "区划代码", "乡镇代码", "开始时间", "时长分钟", "参会人数",
                    "基层参会人数", "会议形式");
            for (int c = 0; c < names.size(); c++) {
                header.createCell(c).setCellValue(names.get(c));
            }
            CellStyle dateTime = wb.createCellStyle();
            dateTime.setDataFormat(wb.createDataFormat().getFormat("yyyy/m/d h:mm"));
            for (int i = 0; i < meetings.size(); i++) {
                List<String> m = meetings.get(i);
                Row row = sheet.createRow(3 + i);
                row.createCell(0).setCellValue(m.get(0));
                row.createCell(1).setCellValue(m.get(1));
                row.createCell(2).setCellValue(levels.get(m.get(2)));
                row.createCell(3).setCellValue(Long.parseLong(m.get(3)));
                if (!m.get(4).isEmpty()) {
                    row.createCell(4).setCellValue(Long.parseLong(m.get(4)));
                }
                LocalDateTime at = LocalDateTime.parse(m.get(5));
                if (i % 2 == 0) {
                    row.createCell(5).setCellValue(at);
                    row.getCell(5).setCellStyle(dateTime);
                } else {
                    row.createCell(5).setCellValue(at.getYear() + "/" + at.getMonthValue() + "/" + at.getDayOfMonth()
                            + " " + at.getHour() + ":" + String.format("%02d", at.getMinute()));
                }
                for (int c = 6; c <= 8; c++) {
                    row.createCell(c).setCellValue(Integer.parseInt(m.get(c)));
                }
                row.createCell(9).setCellValue(formats.get(m.get(9)));
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            wb.write(bytes);
            Path file = out.resolve("meetings/维西县_2024年会议台账.xlsx");
            Files.createDirectories(file.getParent());
            Files.write(file, storedZip(bytes.toByteArray()));
        }
    }

    /**
     * A zip's entries again, in order, stored uncompressed with a fixed time: the same bytes on every
     * machine (deflate's output depends on the zlib a JDK uses; entry times on the clock and zone).
     */
    static byte[] storedZip(byte[] zip) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
             java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(content);
                java.util.zip.ZipEntry stored = new java.util.zip.ZipEntry(e.getName());
                stored.setMethod(java.util.zip.ZipEntry.STORED);
                stored.setSize(content.length);
                stored.setCompressedSize(content.length);
                stored.setCrc(crc.getValue());
                stored.setTimeLocal(LocalDateTime.of(2024, 7, 1, 0, 0));
                z.putNextEntry(stored);
                z.write(content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private List<String> meeting(int serial, String county, LocalDateTime at) {
        Division d = division(county);
        String level;
        String organizer;
        String township = "";
        if (county.equals(PREFECTURE)) {
            level = "prefecture";
            organizer = "迪庆州" + COUNTY_ISSUERS[random.nextInt(COUNTY_ISSUERS.length)][0];
        } else if (random.nextInt(10) < 4) {
            Division t = pick(townshipsOf.get(county));
            level = "township";
            organizer = t.name() + "人民政府";
            township = t.code();
        } else {
            level = "county";
            organizer = d.name() + COUNTY_ISSUERS[random.nextInt(COUNTY_ISSUERS.length)][0];
        }
        int duration = random.nextInt(25) == 0 ? 270 + random.nextInt(60) : 30 + 15 * random.nextInt(12);
        int attendees = 10 + random.nextInt(150);
        int grassroots = random.nextInt(attendees + 1);
        String format = new String[] {"onsite", "onsite", "video", "hybrid"}[random.nextInt(4)];
        return List.of(String.format("HY-%d-%05d", at.getYear(), serial), organizer, level, county, township,
                at.toString(), Integer.toString(duration), Integer.toString(attendees), Integer.toString(grassroots),
                format);
    }

    private String meetingJson(List<String> header, List<String> m, LocalDateTime at, int i) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        for (int f = 0; f < header.size(); f++) {
            String field = header.get(f);
            String value = m.get(f);
            if (field.equals("started_at")) {
                // the same instant written the ways real systems write it
                boolean edge = at.toLocalDate().equals(LocalDate.of(2024, 6, 30))
                        || at.toLocalDate().equals(LocalDate.of(2024, 7, 1));
                switch (edge ? 0 : i % 4) {
                    case 0:
                        value = OFFSET_FORMAT.format(
                                at.atOffset(ZoneOffset.ofHours(8)).withOffsetSameInstant(ZoneOffset.UTC));
                        break;
                    case 1:
                        value = OFFSET_FORMAT.format(at.atOffset(ZoneOffset.ofHours(8)));
                        break;
                    case 2:
                        value = at.toString().replace('T', ' ');
                        break;
                    default:
                        value = at.getYear() + "/" + at.getMonthValue() + "/" + at.getDayOfMonth() + " "
                                + at.getHour() + ":" + String.format("%02d", at.getMinute());
                }
                node.put(field, value);
            } else if (field.endsWith("minutes") || field.endsWith("attendees")) {
                node.put(field, Integer.parseInt(value));
            } else if (!value.isEmpty()) {
                node.put(field, value);
            }
        }
        return JSON.writeValueAsString(node);
    }

    // ---------------------------------------------------------------- platforms

    private void writePlatforms() throws IOException {
        StringBuilder jsonl = new StringBuilder();
        List<List<String>> groups = new ArrayList<>();
        int serial = 0;
        for (String county : List.of(PREFECTURE, SHANGRI_LA, DEQIN, WEIXI)) {
            Division d = division(county);
            int count = county.equals(PREFECTURE) ? 10 : county.equals(SHANGRI_LA) ? 24 : 16;
            for (int i = 0; i < count; i++) {
                serial++;
                int roll = random.nextInt(20);
                String kind = roll < 10 ? "work_group" : roll < 13 ? "app" : roll < 17 ? "public_account" : "mini_program";
                LocalDate launched = LocalDate.of(2018 + random.nextInt(6), 1 + random.nextInt(12), 1 + random.nextInt(28));
                int retireRoll = random.nextInt(10);
                LocalDate retired = retireRoll < 3 ? LocalDate.of(2024, 1 + random.nextInt(12), 1 + random.nextInt(28))
                        : retireRoll == 3 ? LocalDate.of(2023, 1 + random.nextInt(12), 1 + random.nextInt(28)) : null;
                if (retired != null && retired.isBefore(launched)) {
                    retired = launched.plusMonths(6);
                }
                List<String> features = new ArrayList<>();
                if (kind.equals("work_group")) {
                    if (random.nextInt(3) == 0) {
                        features.add("打卡");
                    }
                    if (random.nextInt(4) == 0) {
                        features.add("排名");
                    }
                    features.add("每日填报");
                } else if (kind.equals("app")) {
                    for (String f : new String[] {"积分", "在线时长", "强制下载"}) {
                        if (random.nextInt(3) == 0) {
                            features.add(f);
                        }
                    }
                }
                Division township = county.equals(PREFECTURE) || random.nextInt(3) > 0 ? null
                        : pick(townshipsOf.get(county));
                int members = 20 + random.nextInt(400);
                LocalDate lastActive = retired != null ? retired.minusDays(random.nextInt(30))
                        : LocalDate.of(2024, 12, 31).minusDays(random.nextInt(random.nextInt(5) == 0 ? 300 : 20));
                if (lastActive.isBefore(launched)) {
                    lastActive = launched;
                }
                String name = (township == null ? d.name() : township.name())
                        + new String[] {"防汛值班群", "乡村振兴工作群", "党建云", "政务服务", "民情通", "安全生产群"}[
                        random.nextInt(6)] + (kind.equals("app") ? "App" : "");
                String id = String.format("PT-%s-%03d", county, serial);
                platformIdsOf.computeIfAbsent(county, k -> new ArrayList<>()).add(id);
                if (township != null && kind.equals("work_group")) {
                    groups.add(List.of(id, "工作群", name, d.name() + "委办公室", "乡镇", county, township.code(),
                            launched.toString(), retired == null ? "" : retired.toString(), Integer.toString(members),
                            Integer.toString(members * 2 / 3), lastActive.toString(), String.join("、", features)));
                } else {
                    ObjectNode node = JSON.createObjectNode();
                    node.put("platform_id", id);
                    node.put("kind", kind);
                    node.put("name", name);
                    node.put("owner_org", d.name() + "委办公室");
                    node.put("owner_level", county.equals(PREFECTURE) ? "prefecture" : "county");
                    node.put("county_code", county);
                    if (township != null) {
                        node.put("township_code", township.code());
                    }
                    node.put("launched_on", launched.toString());
                    if (retired != null) {
                        node.put("retired_on", retired.toString());
                    }
                    node.put("members", members);
                    node.put("grassroots_members", members / 2);
                    node.put("last_active_on", lastActive.toString());
                    if (i % 2 == 0) {
                        node.putArray("features").addAll(features.stream().map(JSON.getNodeFactory()::textNode).toList());
                    } else {
                        node.put("features", String.join(";", features));
                    }
                    jsonl.append(JSON.writeValueAsString(node)).append('\n');
                }
            }
        }
        jsonl.append("{\"platform_id\":\"PT-BAD-001\",\"kind\":\"微博\",\"name\":\"香格里拉发布\",\"county_code\":\"533401\","
                + "\"launched_on\":\"2021-05-01\",\"retired_on\":\"2020-01-01\"}\n"); // bad: kind; retired before launch
        writeText("platforms/platforms.jsonl", StandardCharsets.UTF_8, false, jsonl.toString());
        writeCsv("platforms/乡镇工作群.csv", TextEncoding.GB18030, false,
                List.of("平台编号", "类型", "名称", "主管单位", "主管层级", "区划代码", "乡镇代码", "上线日期", "停用日期", "成员数",
                        "基层成员数", "最近活跃日期", "功能"),
                groups);
    }

    // ---------------------------------------------------------------- platform tasks

    /**
     * Tasks pushed through platforms per half-year: 2023-H1, 2023-H2, 2024-H1, 2024-H2. Deqin's
     * documents and meetings fall in 2024 while its work-group tasks rise: burden shifted.
     */
    static final Map<String, int[]> TASKS_PER_HALF = Map.of(
            SHANGRI_LA, new int[] {900, 850, 700, 650},
            DEQIN, new int[] {300, 300, 420, 430},
            WEIXI, new int[] {400, 380, 380, 360},
            PREFECTURE, new int[] {200, 200, 180, 170});

    private void writeTasks() throws IOException {
        List<String> header = List.of("task_id", "platform_id", "county_code", "township_code", "pushed_at", "kind",
                "recipients", "expected_minutes", "deadline_hours");
        List<List<String>> y2023 = new ArrayList<>();
        StringBuilder y2024 = new StringBuilder();
        int serial = 0;
        for (String county : List.of(SHANGRI_LA, DEQIN, WEIXI, PREFECTURE)) {
            int[] perHalf = TASKS_PER_HALF.get(county);
            for (int h = 0; h < 4; h++) {
                int year = 2023 + h / 2;
                LocalDate start = LocalDate.of(year, h % 2 == 0 ? 1 : 7, 1);
                for (int i = 0; i < perHalf[h]; i++) {
                    LocalDate day = start.plusDays(random.nextInt(h % 2 == 0 ? 181 : 184));
                    int roll = random.nextInt(20);
                    LocalDateTime at;
                    if (roll < 15) { // office hours on a working day
                        while (day.getDayOfWeek().getValue() > 5) {
                            day = day.minusDays(1);
                        }
                        at = day.atTime(9 + random.nextInt(9), random.nextInt(60));
                    } else if (roll < 18) { // the evening
                        at = day.atTime(18 + random.nextInt(5), random.nextInt(60));
                    } else { // early morning or the weekend
                        at = roll == 18 ? day.atTime(6 + random.nextInt(2), random.nextInt(60))
                                : day.plusDays(6 - day.getDayOfWeek().getValue() % 7).atTime(10, random.nextInt(60));
                    }
                    if (at.getYear() < year) {
                        at = at.plusDays(7);
                    } else if (at.getYear() > year) {
                        at = at.minusDays(7);
                    }
                    List<String> ids = platformIdsOf.get(county);
                    String platform = random.nextInt(100) == 0 ? "PT-UNREGISTERED-" + random.nextInt(5)
                            : ids.get(random.nextInt(ids.size()));
                    String township = county.equals(PREFECTURE) || random.nextInt(5) < 2 ? ""
                            : pick(townshipsOf.get(county)).code();
                    int kindRoll = random.nextInt(20);
                    String kind = kindRoll < 10 ? "report" : kindRoll < 15 ? "checkin" : kindRoll < 18 ? "photo_proof"
                            : "ranking";
                    List<String> task = List.of(String.format("RW-%d-%06d", year, ++serial), platform, county, township,
                            at.toString(), kind, Integer.toString(1 + random.nextInt(60)),
                            Integer.toString(5 + 5 * random.nextInt(18)),
                            Integer.toString(new int[] {4, 12, 24, 48, 72, 168}[random.nextInt(6)]));
                    if (year == 2023) {
                        y2023.add(task);
                    } else {
                        ObjectNode node = JSON.createObjectNode();
                        for (int f = 0; f < header.size(); f++) {
                            if (f >= 6) {
                                node.put(header.get(f), Integer.parseInt(task.get(f)));
                            } else if (!task.get(f).isEmpty()) {
                                node.put(header.get(f), task.get(f));
                            }
                        }
                        node.put("pushed_at", OFFSET_FORMAT.format(at.atOffset(ZoneOffset.ofHours(8))));
                        y2024.append(JSON.writeValueAsString(node)).append('\n');
                    }
                }
            }
        }
        List<List<String>> chinese = new ArrayList<>();
        for (List<String> t : y2023) {
            List<String> row = new ArrayList<>(t);
            LocalDateTime at = LocalDateTime.parse(t.get(4));
            row.set(4, at.getYear() + "/" + at.getMonthValue() + "/" + at.getDayOfMonth() + " " + at.getHour() + ":"
                    + String.format("%02d", at.getMinute()));
            row.set(5, Map.of("report", "填报", "checkin", "打卡", "photo_proof", "留痕拍照", "ranking", "排名").get(t.get(5)));
            chinese.add(row);
        }
        chinese.add(List.of("RW-2023-BAD1", platformIdsOf.get(WEIXI).get(0), WEIXI, "", "2023/5/6 10:00", "点赞", "0", "10",
                "24")); // bad: kind, no recipients
        writeCsv("platform_tasks/2023_平台任务.csv", TextEncoding.GB18030, false,
                List.of("任务编号", "平台编号", "区划代码", "乡镇代码", "下发时间", "类型", "接收人数", "预计耗时分钟", "时限小时"), chinese);
        writeText("platform_tasks/2024_tasks.jsonl", StandardCharsets.UTF_8, false, y2024.toString());
    }

    // ---------------------------------------------------------------- 督检考

    /** Items per year (2023, 2024) and how many of them were outside the annual plan / unapproved. */
    private static final Object[][] INSPECTION_PLAN = {
        // county, year, items, outside plan, unapproved
        {SHANGRI_LA, 2023, 72, 9, 6}, {SHANGRI_LA, 2024, 50, 0, 0},
        {DEQIN, 2023, 35, 2, 1}, {DEQIN, 2024, 30, 3, 2},
        {WEIXI, 2023, 40, 1, 3}, {WEIXI, 2024, 38, 0, 4},
        {PREFECTURE, 2023, 20, 0, 0}, {PREFECTURE, 2024, 18, 0, 0}};

    private void writeInspections() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        String[] kinds = {"督查", "检查", "考核"};
        for (Object[] plan : INSPECTION_PLAN) {
            String county = (String) plan[0];
            int year = (Integer) plan[1];
            int items = (Integer) plan[2];
            for (int i = 0; i < items; i++) {
                LocalDate day = LocalDate.of(year, 1, 1).plusDays(random.nextInt(365));
                rows.add(List.of(String.format("DJK-%s-%d-%03d", county, year, i + 1), county,
                        kinds[random.nextInt(3)], i < (Integer) plan[3] ? "否" : "是", i < (Integer) plan[4] ? "否" : "是",
                        day.getYear() + "年" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日",
                        Integer.toString(1 + random.nextInt(12))));
            }
        }
        rows.add(List.of("DJK-BAD-001", DEQIN, "检查", "不确定", "是", "2024年3月1日", "3")); // bad: not a boolean
        writeCsv("inspections/督检考事项.csv", TextEncoding.GB18030, false,
                List.of("事项编号", "区划代码", "类型", "纳入年度计划", "报批报备", "开始日期", "涉及基层单位数"), rows);
    }

    // ---------------------------------------------------------------- 调研

    /** Synthetic leaders' names: personal data the job must keep out of every output. */
    static final List<String> LEADERS = List.of("李明华", "王建国", "杨春梅", "和志强", "扎西次仁", "余秀英");

    private void writeResearchVisits() throws IOException {
        StringBuilder jsonl = new StringBuilder();
        int serial = 0;
        Map<String, Integer> solvingPercent = Map.of(SHANGRI_LA, 95, DEQIN, 75, WEIXI, 85, PREFECTURE, 90);
        for (String county : List.of(SHANGRI_LA, DEQIN, WEIXI, PREFECTURE)) {
            for (int year = 2023; year <= 2024; year++) {
                for (int i = 0; i < 30; i++) {
                    ObjectNode node = JSON.createObjectNode();
                    node.put("visit_id", String.format("DY-%d-%04d", year, ++serial));
                    node.put("leader", LEADERS.get(random.nextInt(LEADERS.size())));
                    node.put("county_code", county);
                    if (!county.equals(PREFECTURE)) {
                        node.put("township_code", pick(townshipsOf.get(county)).code());
                    }
                    int day = random.nextInt(365);
                    // Shangri-La visits every month (its records are complete); the others when they happen to
                    LocalDate visited = county.equals(SHANGRI_LA)
                            ? LocalDate.of(year, i % 12 + 1, 1 + day % 28) : LocalDate.of(year, 1, 1).plusDays(day);
                    node.put("visited_on", visited.toString());
                    boolean solves = random.nextInt(100) < solvingPercent.get(county);
                    node.put("problems_solved", solves ? 1 + random.nextInt(3) : 0);
                    node.put("measures_proposed", random.nextInt(4));
                    node.put("unannounced", random.nextInt(10) < 4);
                    jsonl.append(JSON.writeValueAsString(node)).append('\n');
                }
            }
        }
        jsonl.append("{\"visit_id\":\"DY-BAD-0001\",\"leader\":\"").append(LEADERS.get(0))
                .append("\",\"county_code\":\"").append(WEIXI)
                .append("\",\"visited_on\":\"2024-04-01\",\"problems_solved\":-1}\n");
        writeText("research_visits/visits.jsonl", StandardCharsets.UTF_8, false, jsonl.toString());
    }

    // ---------------------------------------------------------------- 平时分 and reported figures

    private void writeAssessments() throws IOException {
        writeCsv("assessments/年度考核.csv", StandardCharsets.UTF_8, true,
                List.of("区划代码", "年度", "平时分占比", "单独考核事项数"),
                List.of(List.of(SHANGRI_LA, "2023", "0.55", "8"), List.of(SHANGRI_LA, "2024", "72%", "5"),
                        List.of(DEQIN, "2023", "0.60", "8"), List.of(DEQIN, "2024", "0.65", "6"),
                        List.of(WEIXI, "2023", "60%", "7"), List.of(WEIXI, "2024", "0.71", "5")));
    }

    private void writeReportedFigures() throws IOException {
        String article = "云南日报 2024-08-24";
        writeCsv("reported_figures/县级自报数据.csv", TextEncoding.GB18030, false,
                List.of("区划代码", "期间", "指标", "报告值", "报告同期值", "报告增减幅", "方向", "来源"),
                List.of(
                        // the article's two claims: the current period used as the base
                        List.of(SHANGRI_LA, "2024年上半年", "documents_issued", "415", "496", "19.5", "减少", article),
                        List.of(SHANGRI_LA, "2024年上半年", "meetings_held", "95", "145", "52.6", "减少", article),
                        // a correct claim
                        List.of(DEQIN, "2024-H1", "documents_issued", "188", "210", "-10.5", "", "德钦县半年总结"),
                        // an inflated reduction
                        List.of(WEIXI, "2024-H1", "meetings_held", "64", "70", "20", "减少", "维西县半年总结"),
                        // a count that does not match the records
                        List.of(WEIXI, "2024", "documents_issued", "480", "500", "-4.0", "", "维西县年度总结"),
                        // a period the records do not cover
                        List.of(SHANGRI_LA, "2022年上半年", "documents_issued", "520", "", "", "", "香格里拉市2022年总结")));
    }

    // ---------------------------------------------------------------- helpers

    private Division division(String code) {
        return divisions.stream().filter(d -> d.code().equals(code)).findFirst().orElseThrow();
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private void writeCsv(String relative, Charset charset, boolean bom, List<String> header,
                          List<List<String>> rows) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(csvLine(header));
        for (List<String> row : rows) {
            s.append(csvLine(row));
        }
        writeText(relative, charset, bom, s.toString());
    }

    static String csvLine(List<String> fields) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                s.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                s.append(f);
            }
        }
        return s.append("\r\n").toString();
    }

    private void writeText(String relative, Charset charset, boolean bom, String text) throws IOException {
        Path file = out.resolve(relative);
        Files.createDirectories(file.getParent());
        byte[] body = text.getBytes(charset);
        byte[] bytes = body;
        if (bom) {
            bytes = new byte[body.length + 3];
            bytes[0] = (byte) 0xEF;
            bytes[1] = (byte) 0xBB;
            bytes[2] = (byte) 0xBF;
            System.arraycopy(body, 0, bytes, 3, body.length);
        }
        Files.write(file, bytes);
    }
}
