package io.quanyun.catalog;

/**
 * A national check a provider may declare for a field ({@link FieldRules#check()}); the quality profile counts
 * the values that fail it.
 */
public enum ValidityRule {
    /** 公民身份号码: 18 characters with the GB 11643 check character. */
    ID_CARD_NUMBER,
    /** 统一社会信用代码 with the GB 32100 check character. */
    CREDIT_CODE,
    /** A mainland mobile number ({@code 1[3-9]} and 9 digits) or a Jinan landline ({@code 0531-}). */
    PHONE,
    /** Dates and timestamps from 1900-01-01 up to today; a {@code year} integer from 1900 up to this year. */
    DATE_RANGE,
    /** 性别: 男 or 女. */
    GENDER;
}
