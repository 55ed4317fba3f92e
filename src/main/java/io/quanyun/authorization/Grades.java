package io.quanyun.authorization;

import io.quanyun.catalog.Classification;

/** Chinese names of the classification levels a graded call is drawn up by (GB/T 43697-2024). */
final class Grades {

    private Grades() {
    }

    static String labelZh(Classification classification) {
        return switch (classification) {
            case GENERAL -> "一般数据";
            case IMPORTANT -> "重要数据";
            case CORE -> "核心数据";
        };
    }
}
