package io.quanyun.catalog.demo;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

import io.quanyun.identity.CreditCode;

/**
 * Synthetic public data for Jinan, the same for the same seed and size: the five demo tables
 * {@code person}, {@code income}, {@code clinic_visit}, {@code vehicle} and {@code enterprise}, written as
 * UTF-8 CSV with a header row, one table at a time and streaming (memory does not grow with the size).
 *
 * <p>Every table is one pass over the people in order; each pass rebuilds the people from the seed, so a
 * person's identity number is the same in every table. Identity numbers carry valid GB 11643 check digits and
 * Jinan area codes (3701xx) and are unique; credit codes carry valid GB 32100 check characters (and GB 11714
 * organization-code check digits) and are unique; plates ({@code 鲁A…}) are unique. People are spread over
 * Jinan's ten districts and two counties roughly by population, plus a tiny group of {@value #TINY_GROUP_SIZE}
 * people in {@value #TINY_GROUP} (a district-like area too small to publish), and {@value #WHALES} people with
 * very high incomes: both give the sandbox's suppression something to do.
 *
 * <p>Not for cryptography: {@link SplittableRandom} is used because the data only has to look plausible.
 */
public final class DemoDataGenerator {

    /** The tables, in the order they are usually written. */
    public static final List<String> TABLES = List.of("person", "income", "clinic_visit", "vehicle", "enterprise");
    /** The small district-like group. */
    public static final String TINY_GROUP = "南部山区";
    /** How many people live in {@link #TINY_GROUP}, whatever the size. */
    public static final int TINY_GROUP_SIZE = 7;
    /** How many people have a very high income, whatever the size. */
    public static final int WHALES = 5;
    /** The default seed. */
    public static final long DEFAULT_SEED = 20231201L;

    /** The day the data describes: birth dates, registrations and visits are before it. */
    static final LocalDate REFERENCE_DAY = LocalDate.of(2025, 12, 31);
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1925, 1, 1);
    private static final int BIRTH_DAYS = (int) (REFERENCE_DAY.toEpochDay() - EARLIEST_BIRTH.toEpochDay()) + 1;

    // Jinan's districts and counties with GB/T 2260 codes and resident population (10,000s, 2020 census)
    private static final String[] DISTRICTS = {"历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区",
            "济阳区", "莱芜区", "钢城区", "平阴县", "商河县"};
    private static final String[] AREA_CODES = {"370102", "370103", "370104", "370105", "370112", "370113", "370114",
            "370115", "370116", "370117", "370124", "370126"};
    private static final int[] POPULATION = {81, 93, 64, 72, 125, 64, 106, 53, 99, 30, 33, 54};
    private static final int TINY_GROUP_AREA = 4; // 南部山区 lies in 历城区's code space
    private static final int[] CUMULATIVE = cumulative(POPULATION);

    private static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞建国志文斌宇浩凯晨欣怡子涵梓轩雨婷佳琪一诺思远晓东海燕立新春雷";
    private static final String[] STREETS = {"经十路", "泉城路", "经四路", "经七路", "纬二路", "历山路", "山大路", "解放路",
            "和平路", "工业南路", "花园路", "北园大街", "二环东路", "旅游路", "舜耕路", "英雄山路", "明湖东路", "大明湖路",
            "黄河路", "汇泉路", "凤鸣路", "鲁中大街", "明水大街", "龙山路", "迎宾路"};
    private static final String[] PHONE_PREFIXES = {"130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
            "151", "152", "153", "155", "156", "157", "158", "159", "177", "180", "181", "182", "183", "185", "186", "187",
            "188", "189", "199"};
    private static final String[] HOSPITALS = {"山东大学齐鲁医院", "山东第一医科大学附属省立医院", "山东省千佛山医院", "济南市中心医院",
            "济南市第四人民医院", "济南市第五人民医院", "济南市人民医院", "济南市章丘区人民医院", "济南市儿童医院", "济南市中医医院",
            "济南市历城区人民医院", "济南市济阳区人民医院", "济南市长清区人民医院", "平阴县人民医院", "商河县人民医院"};
    private static final String[] DIAGNOSES = {"J06.9", "I10", "E11.9", "K29.7", "M54.5", "J20.9", "R50.9", "N39.0",
            "J02.9", "K59.0", "I25.1", "E78.5", "M17.9", "H10.9", "L30.9", "A09", "J45.9", "G43.9", "F41.1", "R51"};
    private static final int[] DIAGNOSIS_WEIGHTS = {30, 18, 12, 10, 8, 8, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2};
    private static final int[] DIAGNOSIS_CUMULATIVE = cumulative(DIAGNOSIS_WEIGHTS);
    private static final String[] BRANDS = {"大众", "丰田", "本田", "比亚迪", "吉利", "长城", "别克", "日产", "奥迪", "宝马",
            "奔驰", "特斯拉", "长安", "五菱", "现代", "福特", "奇瑞", "理想", "蔚来", "哈弗"};
    private static final String[] TRADE_NAMES = {"泉城", "齐鲁", "历山", "大明", "趵突", "华山", "鹊华", "千佛", "舜耕",
            "泺源", "黑虎", "金鼎", "鲁信", "海右", "明湖", "章台", "汇泉", "瑞丰", "恒信", "天成", "润泽", "宏达", "嘉禾",
            "同兴"};
    private static final String[] INDUSTRIES = {"科技", "商贸", "建筑工程", "餐饮管理", "物流", "医药", "信息技术",
            "文化传媒", "机械制造", "农业发展", "新能源", "咨询服务"};
    private static final String PLATE_CHARACTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private static final String ORGANIZATION_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    private final long seed;
    private final int people;

    /**
     * @param seed the seed: the same seed and size give the same data
     * @param people the number of people, at least {@value #TINY_GROUP_SIZE} + {@value #WHALES}
     */
    public DemoDataGenerator(long seed, int people) {
        if (people < TINY_GROUP_SIZE + WHALES) {
            throw new IllegalArgumentException("at least " + (TINY_GROUP_SIZE + WHALES) + " people");
        }
        this.seed = seed;
        this.people = people;
    }

    /** @return the number of people */
    public int people() {
        return people;
    }

    /**
     * Writes one table as UTF-8 CSV with a header row; the stream is flushed, not closed.
     *
     * @param table one of {@link #TABLES}
     * @return the number of data rows written
     */
    public long write(String table, OutputStream out) {
        requireNonNull(table, "table is null");
        requireNonNull(out, "out is null");
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            long rows = switch (table) {
                case "person" -> person(writer);
                case "income" -> income(writer);
                case "clinic_visit" -> clinicVisit(writer);
                case "vehicle" -> vehicle(writer);
                case "enterprise" -> enterprise(writer);
                default -> throw new IllegalArgumentException("no such demo table: " + table);
            };
            writer.flush();
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every table as {@code <table>.csv} into the directory (created if missing). */
    public void writeAll(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (String table : TABLES) {
            try (OutputStream out = Files.newOutputStream(directory.resolve(table + ".csv"))) {
                write(table, out);
            }
        }
    }

    // ------------------------------------------------------------------ tables

    private long person(Writer out) throws IOException {
        out.write("id_no,name,gender,birth_date,district,address,phone\n");
        People all = new People();
        for (int i = 0; i < people; i++) {
            Person p = all.next();
            out.write(p.idNo);
            out.write(',');
            out.write(p.name);
            out.write(',');
            out.write(p.male ? "男" : "女");
            out.write(',');
            out.write(p.birthDate.toString());
            out.write(',');
            out.write(p.district);
            out.write(',');
            out.write(p.address);
            out.write(',');
            out.write(p.phone);
            out.write('\n');
        }
        return people;
    }

    private long income(Writer out) throws IOException {
        out.write("id_no,year,amount\n");
        People all = new People();
        long rows = 0;
        for (int i = 0; i < people; i++) {
            Person p = all.next();
            SplittableRandom random = randomFor(1, i);
            boolean earns = p.whale || (p.age >= 18 && p.age < 70 && random.nextInt(100) < (p.age < 60 ? 78 : 35));
            if (!earns) {
                continue;
            }
            // log-normal around 62,000 yuan a year, more with age up to 50
            double base = p.whale ? 8_000_000 + random.nextInt(22_000_000)
                    : Math.exp(Math.log(62_000 * (0.7 + Math.min(p.age, 50) / 100.0)) + 0.55 * random.nextGaussian());
            for (int year = 2022; year <= 2024; year++) {
                double amount = base * (1 + 0.04 * (year - 2022)) * (0.95 + 0.1 * random.nextDouble());
                out.write(p.idNo);
                out.write(',');
                out.write(Integer.toString(year));
                out.write(',');
                out.write(BigDecimal.valueOf(Math.max(amount, 1200)).setScale(2, RoundingMode.HALF_UP).toPlainString());
                out.write('\n');
                rows++;
            }
        }
        return rows;
    }

    private long clinicVisit(Writer out) throws IOException {
        out.write("id_no,visit_date,hospital,diagnosis_code\n");
        People all = new People();
        long rows = 0;
        LocalDate yearStart = LocalDate.of(2025, 1, 1);
        for (int i = 0; i < people; i++) {
            Person p = all.next();
            SplittableRandom random = randomFor(2, i);
            int visits = poisson(random, p.age < 6 || p.age >= 65 ? 3.0 : 1.2);
            for (int v = 0; v < visits; v++) {
                LocalDate day = yearStart.plusDays(random.nextInt(365));
                // most people go to a hospital of their own district, some to the big city hospitals
                int hospital = random.nextInt(100) < 55 ? random.nextInt(6) : 6 + (p.area % 9);
                out.write(p.idNo);
                out.write(',');
                out.write(day.toString());
                out.write(',');
                out.write(HOSPITALS[hospital]);
                out.write(',');
                out.write(DIAGNOSES[pick(random, DIAGNOSIS_CUMULATIVE)]);
                out.write('\n');
                rows++;
            }
        }
        return rows;
    }

    private long vehicle(Writer out) throws IOException {
        out.write("plate,owner_id_no,brand,reg_date\n");
        People all = new People();
        long rows = 0;
        for (int i = 0; i < people; i++) {
            Person p = all.next();
            SplittableRandom random = randomFor(3, i);
            if (p.age < 20 || random.nextInt(100) >= (p.age < 65 ? 38 : 15)) {
                continue;
            }
            int cars = random.nextInt(100) < 8 ? 2 : 1;
            for (int c = 0; c < cars; c++) {
                LocalDate adult = p.birthDate.plusYears(18);
                LocalDate from = adult.isAfter(LocalDate.of(2005, 1, 1)) ? adult : LocalDate.of(2005, 1, 1);
                long span = Math.max(1, REFERENCE_DAY.toEpochDay() - from.toEpochDay());
                out.write(plate(rows));
                out.write(',');
                out.write(p.idNo);
                out.write(',');
                out.write(BRANDS[(int) Math.min(BRANDS.length - 1, Math.abs(random.nextGaussian()) * 6)]);
                out.write(',');
                out.write(from.plusDays(random.nextLong(span)).toString());
                out.write('\n');
                rows++;
            }
        }
        return rows;
    }

    private long enterprise(Writer out) throws IOException {
        out.write("credit_code,name,district,reg_capital,legal_person_id_no\n");
        People all = new People();
        long rows = 0;
        for (int i = 0; i < people; i++) {
            Person p = all.next();
            SplittableRandom random = randomFor(4, i);
            if (p.age < 22 || p.age > 75 || random.nextInt(100) >= 7) {
                continue;
            }
            int area = random.nextInt(100) < 80 ? p.area : pick(random, CUMULATIVE);
            double capital = random.nextInt(1000) == 0 ? 50_000 + random.nextInt(450_000)
                    : Math.exp(Math.log(100) + 1.3 * random.nextGaussian());
            out.write(creditCode(rows, area));
            out.write(',');
            out.write("济南" + TRADE_NAMES[random.nextInt(TRADE_NAMES.length)]
                    + TRADE_NAMES[random.nextInt(TRADE_NAMES.length)].charAt(1)
                    + INDUSTRIES[random.nextInt(INDUSTRIES.length)] + "有限公司");
            out.write(',');
            out.write(DISTRICTS[area]);
            out.write(',');
            out.write(BigDecimal.valueOf(Math.max(capital, 1)).setScale(2, RoundingMode.HALF_UP).toPlainString());
            out.write(',');
            out.write(p.idNo);
            out.write('\n');
            rows++;
        }
        return rows;
    }

    // ------------------------------------------------------------------ people

    /** One person, rebuilt identically in every pass. */
    private record Person(int index, String idNo, String name, boolean male, LocalDate birthDate, int age, int area,
            String district, String address, String phone, boolean whale) {
    }

    /** The people in order; keeps per-cell sequence numbers so that identity numbers never repeat. */
    private final class People {
        private final SplittableRandom random = new SplittableRandom(seed);
        // sequence counters per (area, birth day, gender): the 3-digit sequence code of GB 11643
        private final short[] sequences = new short[AREA_CODES.length * BIRTH_DAYS * 2];
        private final int tinyStride = people / TINY_GROUP_SIZE;
        private final int whaleStride = people / WHALES;
        private int index;

        Person next() {
            int i = index++;
            boolean tiny = i % tinyStride == tinyStride / 2 && i / tinyStride < TINY_GROUP_SIZE;
            boolean whale = i % whaleStride == whaleStride / 3 && i / whaleStride < WHALES;
            int area = tiny ? TINY_GROUP_AREA : pick(random, CUMULATIVE);
            boolean male = random.nextInt(1000) < 512;
            int age = whale ? 40 + random.nextInt(20) : age(random);
            LocalDate birthDate = REFERENCE_DAY.minusYears(age).minusDays(random.nextInt(365));
            if (birthDate.isBefore(EARLIEST_BIRTH)) {
                birthDate = EARLIEST_BIRTH;
            }
            int day = (int) (birthDate.toEpochDay() - EARLIEST_BIRTH.toEpochDay());
            int cell = (area * BIRTH_DAYS + day) * 2 + (male ? 1 : 0);
            while (sequences[cell] >= 499) { // a full cell: the next day (never happens at realistic sizes)
                birthDate = birthDate.minusDays(1);
                day--;
                cell = (area * BIRTH_DAYS + day) * 2 + (male ? 1 : 0);
            }
            int sequence = sequences[cell]++ * 2 + (male ? 1 : 2); // odd for men, even for women
            String idNo = idNumber(AREA_CODES[area] + birthDate.toString().replace("-", "")
                    + String.format("%03d", sequence % 1000));
            String name = SURNAMES.charAt(pick(random, SURNAME_CUMULATIVE)) + given(random);
            String district = tiny ? TINY_GROUP : DISTRICTS[area];
            String address = "山东省济南市" + district + STREETS[random.nextInt(STREETS.length)]
                    + (1 + random.nextInt(300)) + "号" + (1 + random.nextInt(30)) + "号楼" + (1 + random.nextInt(6))
                    + "单元" + (101 + random.nextInt(25) * 100 + random.nextInt(4)) + "室";
            String phone = PHONE_PREFIXES[random.nextInt(PHONE_PREFIXES.length)]
                    + String.format("%08d", random.nextInt(100_000_000));
            return new Person(i, idNo, name, male, birthDate, age, area, district, address, phone, whale);
        }
    }

    private static final int[] SURNAME_CUMULATIVE = surnameWeights();

    private static int[] surnameWeights() {
        int[] weights = new int[SURNAMES.length()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.max(1, 80 / (i + 1)); // a few surnames are very common, like 王, 李, 张
        }
        return cumulative(weights);
    }

    private static String given(SplittableRandom random) {
        char first = GIVEN.charAt(random.nextInt(GIVEN.length()));
        return random.nextInt(100) < 30 ? String.valueOf(first)
                : first + String.valueOf(GIVEN.charAt(random.nextInt(GIVEN.length())));
    }

    /** Ages: 17 % children, 64 % working age, 19 % 60 and older, like Jinan's 2020 census. */
    private static int age(SplittableRandom random) {
        int r = random.nextInt(100);
        if (r < 17) {
            return random.nextInt(18);
        }
        if (r < 81) {
            return 18 + random.nextInt(42);
        }
        return 60 + Math.min(40, (int) Math.abs(random.nextGaussian() * 12));
    }

    private SplittableRandom randomFor(int table, int person) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + table * 0xBF58476D1CE4E5B9L + person);
    }

    // ------------------------------------------------------------------ codes

    /** Appends the GB 11643 check character to the first 17 characters of an identity number. */
    public static String idNumber(String body) {
        if (body.length() != 17) {
            throw new IllegalArgumentException("an identity number body has 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return body + ID_CHECK.charAt(sum % 11);
    }

    /** Whether an identity number is 18 characters with the right GB 11643 check character. */
    public static boolean isValidIdNumber(String value) {
        return value != null && value.matches("[0-9]{17}[0-9X]") && idNumber(value.substring(0, 17)).equals(value);
    }

    /** The n-th plate: 鲁A and five characters, unique for n below 34^5 (a bijective scramble). */
    static String plate(long n) {
        long space = 34L * 34 * 34 * 34 * 34;
        long x = Math.floorMod(n * 7_368_787L + 1_234_567L, space);
        char[] chars = new char[5];
        for (int i = 4; i >= 0; i--) {
            chars[i] = PLATE_CHARACTERS.charAt((int) (x % 34));
            x /= 34;
        }
        return "鲁A" + new String(chars);
    }

    /**
     * The n-th enterprise's credit code: 9 (market regulation) 1 (enterprise), the area code, a unique
     * organization code with its GB 11714 check digit, and the GB 32100 check character.
     */
    static String creditCode(long n, int area) {
        long body = Math.floorMod(n * 48_271L + 10_000_019L, 100_000_000L);
        String organization = String.format("%08d", body);
        int[] weights = {3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += ORGANIZATION_CHARACTERS.indexOf(organization.charAt(i)) * weights[i];
        }
        int check = 11 - sum % 11;
        String organizationCheck = check == 10 ? "X" : String.valueOf(check == 11 ? 0 : check);
        return CreditCode.withCheckCharacter("91" + AREA_CODES[area] + organization + organizationCheck).value();
    }

    private static int poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static int pick(SplittableRandom random, int[] cumulative) {
        int r = random.nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    private static int[] cumulative(int[] weights) {
        int[] sums = new int[weights.length];
        int total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            sums[i] = total;
        }
        return sums;
    }

    /**
     * {@code ./quanyun generate --people N --out DIR [--seed S]}: writes the five tables as CSV files.
     */
    public static void main(String[] arguments) throws IOException {
        int people = 100_000;
        long seed = DEFAULT_SEED;
        Path out = Path.of("demo-data");
        for (int i = 0; i < arguments.length; i++) {
            switch (arguments[i]) {
                case "--people" -> people = Integer.parseInt(arguments[++i]);
                case "--seed" -> seed = Long.parseLong(arguments[++i]);
                case "--out" -> out = Path.of(arguments[++i]);
                default -> throw new IllegalArgumentException("usage: --people N --out DIR [--seed S]");
            }
        }
        long started = System.nanoTime();
        new DemoDataGenerator(seed, people).writeAll(out);
        System.out.printf("generated %d people into %s in %.1f s%n", people, out.toAbsolutePath(),
                (System.nanoTime() - started) / 1e9);
    }
}
