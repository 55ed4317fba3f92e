package io.quanyun.catalog;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A rule that decides whether a stored value is valid, for the quality profile. The rule of a field follows
 * from its name and type ({@link #of(FieldDescriptor)}), so providers get the national checks without
 * configuring them.
 */
public enum ValidityRule {
    /** 公民身份号码: 18 characters with the GB 11643 check character (fields {@code id_no}, {@code *_id_no}). */
    ID_CARD_NUMBER,
    /** 统一社会信用代码 with the GB 32100 check character (fields {@code credit_code}, {@code *_credit_code}). */
    CREDIT_CODE,
    /** A mainland mobile number ({@code 1[3-9]} and 9 digits) or a Jinan landline ({@code 0531-}, fields *phone). */
    PHONE,
    /** Dates and timestamps from 1900-01-01 up to today; a {@code year} integer from 1900 up to this year. */
    DATE_RANGE,
    /** An enumeration: {@code gender} is 男 or 女. */
    GENDER;

    /** @return the rule for a field, or null when no rule applies */
    public static @Nullable ValidityRule of(FieldDescriptor field) {
        String name = field.name().toLowerCase(Locale.ROOT);
        if ("STRING".equals(field.type()) && (name.equals("id_no") || name.endsWith("_id_no"))) {
            return ID_CARD_NUMBER;
        }
        if ("STRING".equals(field.type()) && (name.equals("credit_code") || name.endsWith("_credit_code"))) {
            return CREDIT_CODE;
        }
        if ("STRING".equals(field.type()) && name.endsWith("phone")) {
            return PHONE;
        }
        if ("STRING".equals(field.type()) && name.equals("gender")) {
            return GENDER;
        }
        if ("DATE".equals(field.type()) || "TIMESTAMP".equals(field.type())
                || ("INTEGER".equals(field.type()) && name.equals("year"))) {
            return DATE_RANGE;
        }
        return null;
    }
}
