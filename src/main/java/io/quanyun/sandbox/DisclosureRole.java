package io.quanyun.sandbox;

/**
 * How dangerous a column is when disclosed; it decides where the column may appear in a query.
 */
public enum DisclosureRole {
    /** Identifies a person alone (id number, name, phone, address). Never output, grouped or compared. */
    DIRECT_IDENTIFIER,
    /** Identifies a person in combination (birth date, gender, district). May be a group key. */
    QUASI_IDENTIFIER,
    /** A value about a person that must stay private (income). Only a bare argument of an aggregate. */
    SENSITIVE_ATTRIBUTE,
    /** Any other attribute. May be a group key or an aggregate argument. */
    PLAIN_ATTRIBUTE;

    /** Strictness used when an expression combines columns: the strictest role wins. */
    int strictness() {
        return switch (this) {
            case DIRECT_IDENTIFIER -> 3;
            case SENSITIVE_ATTRIBUTE -> 2;
            case QUASI_IDENTIFIER -> 1;
            case PLAIN_ATTRIBUTE -> 0;
        };
    }

    /** The stricter of two roles. */
    public DisclosureRole stricter(DisclosureRole other) {
        return other.strictness() > strictness() ? other : this;
    }
}
