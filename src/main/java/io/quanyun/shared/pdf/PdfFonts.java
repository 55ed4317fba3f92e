package io.quanyun.shared.pdf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.lowagie.text.pdf.BaseFont;

/**
 * Locates the Chinese font embedded in every PDF of the platform (authorization's agreements and filing reports,
 * product's listing summaries, reports and disclosures): {@code quanyun.pdf.font} when set (a file, with
 * {@code ,index} for a font collection), else WenQuanYi Micro Hei or Noto Sans CJK from the Debian packages
 * {@code fonts-wqy-microhei} / {@code fonts-noto-cjk}. Without one, rendering fails loudly rather than producing a
 * document without its Chinese text. The font is loaded once and shared (OpenPDF's {@code BaseFont} is read-only
 * once created).
 */
@Component
public final class PdfFonts {

    private static final List<String> CANDIDATES = List.of(
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc,0",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,2",
            "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc,2");

    private final List<String> candidates;
    private volatile @Nullable BaseFont font;

    /** @param configured {@code quanyun.pdf.font}, blank for the Debian candidates only */
    public PdfFonts(@Value("${quanyun.pdf.font:}") String configured) {
        List<String> list = new ArrayList<>();
        if (!configured.isBlank()) {
            list.add(configured);
        }
        list.addAll(CANDIDATES);
        this.candidates = List.copyOf(list);
    }

    /**
     * @return the Chinese font, embedded, Identity-H encoded
     * @throws IllegalStateException when no candidate font can be read
     */
    public BaseFont chinese() {
        BaseFont cached = font;
        if (cached != null) {
            return cached;
        }
        for (String candidate : candidates) {
            String file = candidate.contains(",") ? candidate.substring(0, candidate.lastIndexOf(',')) : candidate;
            if (Files.isReadable(Path.of(file))) {
                try {
                    cached = BaseFont.createFont(candidate, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
                    font = cached;
                    return cached;
                } catch (Exception e) {
                    // try the next candidate
                }
            }
        }
        throw new IllegalStateException("No Chinese font found; install fonts-wqy-microhei or set quanyun.pdf.font");
    }
}
