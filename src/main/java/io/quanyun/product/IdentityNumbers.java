package io.quanyun.product;

/** GB 11643 resident identity numbers: 17 digits and a check character (0-9 or X). */
final class IdentityNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";

    private IdentityNumbers() {
    }

    static boolean isValid(String value) {
        if (value.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Character.toUpperCase(value.charAt(17)) == checkCharacter(value);
    }

    /** The check character of the first 17 characters, which must be digits. */
    static char checkCharacter(CharSequence first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }
}
