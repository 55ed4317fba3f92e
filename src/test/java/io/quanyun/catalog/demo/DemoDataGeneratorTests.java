package io.quanyun.catalog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quanyun.identity.CreditCode;

/** The synthetic demo data: deterministic, valid codes, unique keys, Jinan's districts, something to suppress. */
class DemoDataGeneratorTests {

    static final int PEOPLE = 5000;
    final DemoDataGenerator generator = new DemoDataGenerator(42, PEOPLE);

    static List<String[]> rows(DemoDataGenerator generator, String table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        generator.write(table, out);
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).map(l -> l.split(",", -1)).toList();
    }

    @Test
    void sameSeedAndSize_giveTheSameBytes_anotherSeedDoesNot() {
        for (String table : DemoDataGenerator.TABLES) {
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ByteArrayOutputStream c = new ByteArrayOutputStream();
            new DemoDataGenerator(7, 1000).write(table, a);
            new DemoDataGenerator(7, 1000).write(table, b);
            new DemoDataGenerator(8, 1000).write(table, c);
            assertThat(a.toByteArray()).as(table).isEqualTo(b.toByteArray());
            assertThat(a.toByteArray()).as(table).isNotEqualTo(c.toByteArray());
        }
    }

    @Test
    void tables_haveExactlyTheAgreedColumns() {
        assertThat(rows(generator, "person").get(0)).containsExactly("id_no", "name", "gender", "birth_date",
                "district", "address", "phone");
        assertThat(rows(generator, "income").get(0)).containsExactly("id_no", "year", "amount");
        assertThat(rows(generator, "clinic_visit").get(0)).containsExactly("id_no", "visit_date", "hospital",
                "diagnosis_code");
        assertThat(rows(generator, "vehicle").get(0)).containsExactly("plate", "owner_id_no", "brand", "reg_date");
        assertThat(rows(generator, "enterprise").get(0)).containsExactly("credit_code", "name", "district",
                "reg_capital", "legal_person_id_no");
    }

    @Test
    void people_haveValidUniqueJinanIdNumbers_matchingGenderAndBirthDate() {
        List<String[]> people = rows(generator, "person").subList(1, PEOPLE + 1);
        Set<String> ids = new HashSet<>();
        for (String[] p : people) {
            assertThat(DemoDataGenerator.isValidIdNumber(p[0])).as("check digit").isTrue();
            assertThat(p[0]).startsWith("3701");
            assertThat(p[0].substring(6, 14)).isEqualTo(p[3].replace("-", ""));
            assertThat((p[0].charAt(16) - '0') % 2 == 1).isEqualTo(p[2].equals("男"));
            assertThat(p[6]).matches("1[3-9][0-9]{9}");
            ids.add(p[0]);
        }
        assertThat(ids).hasSize(PEOPLE);
    }

    @Test
    void districts_followPopulation_withOneTinyGroup() {
        Map<String, Integer> counts = new HashMap<>();
        rows(generator, "person").subList(1, PEOPLE + 1).forEach(p -> counts.merge(p[4], 1, Integer::sum));
        assertThat(counts.keySet()).contains("历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区",
                "济阳区", "莱芜区", "钢城区", "平阴县", "商河县", DemoDataGenerator.TINY_GROUP);
        assertThat(counts.get(DemoDataGenerator.TINY_GROUP)).isEqualTo(DemoDataGenerator.TINY_GROUP_SIZE);
        assertThat(counts.get("历城区")).isGreaterThan(counts.get("钢城区") * 2);
    }

    @Test
    void incomes_includeAFewVeryHighOnes_andReferToPeople() {
        Set<String> ids = new HashSet<>();
        rows(generator, "person").subList(1, PEOPLE + 1).forEach(p -> ids.add(p[0]));
        List<String[]> incomes = rows(generator, "income");
        long whales = incomes.subList(1, incomes.size()).stream()
                .filter(r -> new BigDecimal(r[2]).compareTo(new BigDecimal("5000000")) > 0).map(r -> r[0]).distinct()
                .count();
        assertThat(whales).isEqualTo(DemoDataGenerator.WHALES);
        assertThat(incomes.subList(1, incomes.size())).allMatch(r -> ids.contains(r[0]));
    }

    @Test
    void enterprises_haveValidUniqueCreditCodes_andVehiclesUniqueJinanPlates() {
        List<String[]> enterprises = rows(generator, "enterprise");
        Set<String> codes = new HashSet<>();
        for (String[] e : enterprises.subList(1, enterprises.size())) {
            assertThat(CreditCode.isValid(e[0])).isTrue();
            assertThat(e[0]).startsWith("913701");
            assertThat(DemoDataGenerator.isValidIdNumber(e[4])).isTrue();
            codes.add(e[0]);
        }
        assertThat(codes).hasSize(enterprises.size() - 1).hasSizeGreaterThan(100);
        List<String[]> vehicles = rows(generator, "vehicle");
        Set<String> plates = new HashSet<>();
        for (String[] v : vehicles.subList(1, vehicles.size())) {
            assertThat(v[0]).matches("鲁A[A-HJ-NP-Z0-9]{5}");
            plates.add(v[0]);
        }
        assertThat(plates).hasSize(vehicles.size() - 1);
    }
}
