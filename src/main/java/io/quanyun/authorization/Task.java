package io.quanyun.authorization;

/** A step that needs the signed-in person, for the console's notifications. */
public record Task(String text, String href) {
}
