package io.quanyun.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

class CreditCodeTests {

    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y43", "91110000802100433B"})
    void of_withValidCheckCharacter_isAccepted(String code) {
        assertThat(CreditCode.isValid(code)).isTrue();
        assertThat(CreditCode.of(code).value()).isEqualTo(code);
    }

    @Test
    void of_normalisesCaseAndSpace() {
        assertThat(CreditCode.of(" 91350100m000100y43 ").value()).isEqualTo("91350100M000100Y43");
    }

    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y44", "91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43",
            "", "913501OOM000100Y43"})
    void of_withWrongCheckCharacterLengthOrCharacter_isRefused(String code) {
        assertThat(CreditCode.isValid(code)).isFalse();
        assertThatThrownBy(() -> CreditCode.of(code)).isInstanceOf(QuanyunException.class)
                .satisfies(e -> assertThat(((QuanyunException) e).code()).isEqualTo(ErrorCode.INVALID_CREDIT_CODE));
    }

    @Test
    void withCheckCharacter_producesCodesThatValidate() {
        for (int i = 0; i < 500; i++) {
            String body = "9137010" + String.format("%010d", i * 7919L).substring(0, 10);
            CreditCode code = CreditCode.withCheckCharacter(body);
            assertThat(CreditCode.isValid(code.value())).isTrue();
            // changing the check character breaks it
            char wrong = code.value().charAt(17) == '0' ? '1' : '0';
            assertThat(CreditCode.isValid(body + wrong)).isFalse();
        }
    }
}
