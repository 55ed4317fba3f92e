/**
 * PDF support shared by the modules that render documents: the embedded Chinese font ({@link PdfFonts}).
 */
@NullMarked
package io.quanyun.shared.pdf;

import org.jspecify.annotations.NullMarked;
