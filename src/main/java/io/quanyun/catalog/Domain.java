package io.quanyun.catalog;

/** The domains the measures name as priorities (Art. 6). */
public enum Domain {
    PUBLIC_GOVERNANCE, PUBLIC_WELFARE, FINANCE, CREDIT, HEALTH, TRANSPORT, CULTURE, OTHER
}
