package io.quanyun.identity;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/**
 * A unified social credit code (统一社会信用代码) after GB 32100-2015: 18 characters from the set
 * {@code 0-9 A-H J-N P-R T U W-Y}, the last one a check character over the first seventeen (weights
 * 3^(i-1) mod 31, check = 31 - sum mod 31).
 */
public record CreditCode(String value) {

    static final String CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    public CreditCode {
        requireNonNull(value, "value is null");
        value = value.trim().toUpperCase(Locale.ROOT);
        String problem = problemWith(value);
        if (problem != null) {
            throw new QuanyunException(ErrorCode.INVALID_CREDIT_CODE, problem,
                    java.util.List.of(new io.quanyun.shared.Violation("creditCode", problem)));
        }
    }

    public static CreditCode of(String value) {
        return new CreditCode(value);
    }

    /** Whether {@code value} is a well-formed code with the right check character. */
    public static boolean isValid(String value) {
        return value != null && problemWith(value.trim().toUpperCase(Locale.ROOT)) == null;
    }

    /** Appends the check character to a 17-character body; for tests and demo data. */
    public static CreditCode withCheckCharacter(String body) {
        String upper = body.toUpperCase(Locale.ROOT);
        if (upper.length() != 17) {
            throw new IllegalArgumentException("body must have 17 characters");
        }
        return new CreditCode(upper + CHARACTERS.charAt(checkIndex(upper)));
    }

    private static String problemWith(String value) {
        if (value.length() != 18) {
            return "统一社会信用代码应为18位 (a unified social credit code has 18 characters)";
        }
        for (int i = 0; i < 18; i++) {
            if (CHARACTERS.indexOf(value.charAt(i)) < 0) {
                return "第" + (i + 1) + "位字符不合法 (character " + (i + 1) + " is not allowed)";
            }
        }
        if (CHARACTERS.indexOf(value.charAt(17)) != checkIndex(value)) {
            return "校验码不正确 (the check character is wrong)";
        }
        return null;
    }

    private static int checkIndex(String value) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CHARACTERS.indexOf(value.charAt(i)) * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return check == 31 ? 0 : check;
    }

    @Override
    public String toString() {
        return value;
    }
}
