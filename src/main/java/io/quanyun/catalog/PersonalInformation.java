package io.quanyun.catalog;

/** Personal-information mark after GB/T 35273. */
public enum PersonalInformation {
    /** No personal information. */
    NONE,
    /** 个人信息 */
    PERSONAL,
    /** 敏感个人信息: use needs the data subjects' consent (Art. 6). */
    SENSITIVE
}
