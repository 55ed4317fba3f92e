package io.quanyun.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChainHashTests {

    private static final Instant AT = Instant.parse("2026-11-28T02:03:04.567Z");

    @Test
    void sm3_matchesTheStandardTestVector() {
        assertThat(Sm3.hex("abc")).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    @Test
    void hash_coversEveryField() {
        String base = hash("bureau", "identity.user.create", "x", "{}", ChainHash.GENESIS);
        assertThat(hash("bureau2", "identity.user.create", "x", "{}", ChainHash.GENESIS)).isNotEqualTo(base);
        assertThat(hash("bureau", "identity.user.creat", "x", "{}", ChainHash.GENESIS)).isNotEqualTo(base);
        assertThat(hash("bureau", "identity.user.create", "y", "{}", ChainHash.GENESIS)).isNotEqualTo(base);
        assertThat(hash("bureau", "identity.user.create", "x", "{\"a\":\"b\"}", ChainHash.GENESIS)).isNotEqualTo(base);
        assertThat(hash("bureau", "identity.user.create", "x", "{}", "1".repeat(64))).isNotEqualTo(base);
        assertThat(hash("bureau", "identity.user.create", "x", "{}", ChainHash.GENESIS)).isEqualTo(base);
    }

    @Test
    void hash_separatesFieldsUnambiguously() {
        // moving characters from one field to the next must change the hash
        String a = ChainHash.of(1, AT, "ab", null, "c", "", null, "act", "t", "1", "SUCCESS", null, "{}", ChainHash.GENESIS);
        String b = ChainHash.of(1, AT, "a", null, "bc", "", null, "act", "t", "1", "SUCCESS", null, "{}", ChainHash.GENESIS);
        String nullVersusEmpty = ChainHash.of(1, AT, "ab", "", "c", "", null, "act", "t", "1", "SUCCESS", null, "{}",
                ChainHash.GENESIS);
        assertThat(a).isNotEqualTo(b).isNotEqualTo(nullVersusEmpty);
    }

    @Test
    void reusedHasher_hashesEachEntryFromItsOwnCanonicalText() {
        ChainHash.Hasher hasher = new ChainHash.Hasher();
        String time = ChainHash.TIME.format(AT);
        String first = hasher.hash(7, time, "bank", null, "银行", "CONSUMER", null, "product.call", "product", "p1",
                "SUCCESS", null, "{\"answer\":\"MATCH\"}", ChainHash.GENESIS);
        String second = hasher.hash(8, time, "bank", null, "银行", "CONSUMER", null, "product.call", "product", "p1",
                "DENIED", "no consent", "{}", first);
        assertThat(first).isEqualTo(Sm3.hex("1:7;29:" + time + ";4:bank;-1:;2:银行;8:CONSUMER;-1:;12:product.call;"
                + "7:product;2:p1;7:SUCCESS;-1:;18:{\"answer\":\"MATCH\"};64:" + ChainHash.GENESIS + ";"));
        assertThat(second).isEqualTo(Sm3.hex("1:8;29:" + time + ";4:bank;-1:;2:银行;8:CONSUMER;-1:;12:product.call;"
                + "7:product;2:p1;6:DENIED;10:no consent;2:{};64:" + first + ";"));
        assertThat(ChainHash.of(8, AT, "bank", null, "银行", "CONSUMER", null, "product.call", "product", "p1",
                "DENIED", "no consent", "{}", first)).isEqualTo(second);
    }

    @Test
    void hasher_feedsTheDigestTheUtf8OfTheCanonicalText_forAnyCharacters() {
        java.util.Random random = new java.util.Random(20261129);
        String[] alphabet = {"a", "Z", "0", ";", ":", "-1", "é", "ÿ", "银", "行", "𠀀", "😀", "\ud800", "\udc00", "\"", "\n"};
        ChainHash.Hasher hasher = new ChainHash.Hasher();
        for (int entry = 0; entry < 300; entry++) {
            String[] fields = new String[14];
            for (int f = 0; f < fields.length; f++) {
                if (random.nextInt(8) == 0) {
                    continue; // null
                }
                StringBuilder value = new StringBuilder();
                int length = f == 12 ? random.nextInt(3000) : random.nextInt(20);
                for (int i = 0; i < length; i++) {
                    value.append(alphabet[random.nextInt(alphabet.length)]);
                }
                fields[f] = value.toString();
            }
            fields[0] = Long.toString(entry);
            String expected = Sm3.hex(ChainHash.canonicalText(fields));
            assertThat(hasher.hash(entry, fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7],
                    fields[8], fields[9], fields[10], fields[11], fields[12], fields[13])).as("entry %d", entry)
                    .isEqualTo(expected);
        }
    }

    @Test
    void json_escapesAnywhereInAValue_andCopiesPlainValues() {
        assertThat(ChainHash.json(Map.of("calls", "0195 2026-11-29T00:00:00.000Z abc;0196 x -")))
                .isEqualTo("{\"calls\":\"0195 2026-11-29T00:00:00.000Z abc;0196 x -\"}");
        assertThat(ChainHash.json(Map.of("k", "\"start", "m", "end\\", "n", "tab\there\u0001", "o", "银行")))
                .isEqualTo("{\"k\":\"\\\"start\",\"m\":\"end\\\\\",\"n\":\"tab\\there\\u0001\",\"o\":\"银行\"}");
    }

    @Test
    void time_isWrittenInShanghaiWithMilliseconds() {
        assertThat(ChainHash.TIME.format(AT)).isEqualTo("2026-11-28T10:03:04.567+08:00");
    }

    @Test
    void json_sortsKeysAndEscapes() {
        assertThat(ChainHash.json(Map.of("b", "2", "a", "say \"hi\"\n"))).isEqualTo("{\"a\":\"say \\\"hi\\\"\\n\",\"b\":\"2\"}");
    }

    private static String hash(String actor, String action, String objectId, String details, String previous) {
        return ChainHash.of(7, AT, actor, null, "org", "AUDITOR", "127.0.0.1", action, "user", objectId, "SUCCESS",
                null, details, previous);
    }
}
