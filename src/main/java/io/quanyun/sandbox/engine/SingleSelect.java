package io.quanyun.sandbox.engine;

import java.util.Locale;

/**
 * A last line of defence inside the engine: the text must be one SELECT or WITH statement, with no
 * semicolon outside string literals, quoted identifiers and comments. The checker never sends
 * anything else; this only stops SQL that reached the engine by mistake.
 */
final class SingleSelect {

    private SingleSelect() {
    }

    static boolean isSingleSelect(String sql) {
        String trimmed = sql.stripLeading().toUpperCase(Locale.ROOT);
        if (!(trimmed.startsWith("SELECT") || trimmed.startsWith("WITH") || trimmed.startsWith("("))) {
            return false;
        }
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < length) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < length && sql.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                i = end + 1;
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                return false;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                return false;
            } else if (c == ';' || c == '\\') {
                return false;
            } else {
                i++;
            }
        }
        return true;
    }
}
