package io.quanyun.product;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.springframework.stereotype.Component;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import io.quanyun.shared.pdf.PdfFonts;

/**
 * Product documents as PDF with an embedded Chinese font (OpenPDF): listing summaries, data reports, annual
 * operating reports and public disclosures. The font comes from the shared {@link PdfFonts} ({@code quanyun.pdf.font}
 * or a CJK font of the Debian packages; without one rendering fails rather than dropping the Chinese text).
 */
@Component
final class ProductPdf {

    private final PdfFonts fonts;

    ProductPdf(PdfFonts fonts) {
        this.fonts = fonts;
    }

    /** A document being written: headings, paragraphs and tables. */
    final class Writer {
        private final Document document = new Document(PageSize.A4, 50, 50, 50, 50);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Font titleFont = new Font(chinese(), 16, Font.BOLD);
        private final Font headingFont = new Font(chinese(), 12, Font.BOLD);
        private final Font bodyFont = new Font(chinese(), 10);
        private final Font smallFont = new Font(chinese(), 8.5f);

        Writer(String title) {
            PdfWriter.getInstance(document, out);
            document.addTitle(title);
            document.open();
            Paragraph heading = new Paragraph(title, titleFont);
            heading.setAlignment(Element.ALIGN_CENTER);
            heading.setSpacingAfter(10);
            document.add(heading);
        }

        Writer heading(String text) {
            Paragraph p = new Paragraph(text, headingFont);
            p.setSpacingBefore(8);
            p.setSpacingAfter(4);
            document.add(p);
            return this;
        }

        Writer line(String text) {
            document.add(new Paragraph(text, bodyFont));
            return this;
        }

        Writer table(List<String> header, List<List<String>> rows) {
            if (header.isEmpty()) {
                return this;
            }
            PdfPTable table = new PdfPTable(header.size());
            table.setWidthPercentage(100);
            table.setSpacingBefore(4);
            table.setSpacingAfter(6);
            for (String h : header) {
                PdfPCell cell = new PdfPCell(new Phrase(h, headingFont));
                cell.setGrayFill(0.9f);
                table.addCell(cell);
            }
            for (List<String> row : rows) {
                for (String value : row) {
                    table.addCell(new Phrase(value, smallFont));
                }
            }
            document.add(table);
            return this;
        }

        byte[] finish() {
            document.close();
            return out.toByteArray();
        }
    }

    Writer document(String title) {
        return new Writer(title);
    }

    private BaseFont chinese() {
        return fonts.chinese();
    }
}
