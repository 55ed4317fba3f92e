/**
 * Synthetic demo data for Jinan (the generator behind {@code ./quanyun dev} and {@code ./quanyun generate}) and
 * the ingestion benchmark ({@code ./quanyun bench ingest}). Internal to the catalog.
 */
@NullMarked
package io.quanyun.catalog.demo;

import org.jspecify.annotations.NullMarked;
