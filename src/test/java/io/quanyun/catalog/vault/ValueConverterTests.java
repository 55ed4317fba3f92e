package io.quanyun.catalog.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ValueConverterTests {

    @Test
    void convert_acceptsTheDocumentedForms() throws Exception {
        assertThat(convert(FieldType.INTEGER, " -42 ")).isEqualTo(-42L);
        assertThat(convert(FieldType.DECIMAL, "12.5")).isEqualTo(new BigDecimal("12.5000000000"));
        assertThat(convert(FieldType.DATE, "2024/1/5")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(convert(FieldType.DATE, "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(convert(FieldType.TIMESTAMP, "2024-01-05T08:30")).isEqualTo(LocalDateTime.of(2024, 1, 5, 8, 30));
        assertThat(convert(FieldType.TIMESTAMP, "2024-01-05 08:30:01.25")).isEqualTo(LocalDateTime.of(2024, 1, 5, 8, 30, 1, 250_000_000));
        assertThat(convert(FieldType.BOOLEAN, "是")).isEqualTo(true);
        assertThat(convert(FieldType.BOOLEAN, "FALSE")).isEqualTo(false);
        assertThat(convert(FieldType.STRING, " 带空格 ")).isEqualTo(" 带空格 ");
        assertThat(ValueConverter.convert(FieldSpec.optional("f", FieldType.DATE), "")).isNull();
    }

    @Test
    void convert_refusesWithoutNamingTheValue() {
        assertRefused(FieldType.DATE, "2023-02-29", VaultError.TYPE_ERROR);
        assertRefused(FieldType.DATE, "29.02.2024", VaultError.TYPE_ERROR);
        assertRefused(FieldType.INTEGER, "9223372036854775808", VaultError.TYPE_ERROR);
        assertRefused(FieldType.DECIMAL, "0.12345678901", VaultError.TYPE_ERROR);
        assertRefused(FieldType.DECIMAL, "1" + "0".repeat(28), VaultError.TYPE_ERROR);
        assertRefused(FieldType.BOOLEAN, "maybe", VaultError.TYPE_ERROR);
        assertRefused(FieldType.STRING, "", VaultError.MISSING_VALUE);
    }

    private static Object convert(FieldType type, String text) throws ValueConverter.Refusal {
        return ValueConverter.convert(FieldSpec.required("f", type), text);
    }

    private static void assertRefused(FieldType type, String text, VaultError error) {
        assertThatThrownBy(() -> convert(type, text))
                .isInstanceOfSatisfying(ValueConverter.Refusal.class, refusal -> assertThat(refusal.error()).isEqualTo(error))
                .satisfies(refusal -> {
                    if (!text.isEmpty()) {
                        assertThat(refusal.getMessage()).doesNotContain(text);
                    }
                });
    }
}
