package io.quanyun.authorization;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import io.quanyun.shared.Zones;
import io.quanyun.shared.pdf.PdfFonts;

/** Renders agreements and filing reports as PDF with an embedded Chinese font (OpenPDF). */
@Component
class PdfDocuments {

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Zones.SHANGHAI);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日").withZone(Zones.SHANGHAI);

    private final PdfFonts fonts;

    PdfDocuments(PdfFonts fonts) {
        this.fonts = fonts;
    }

    /** The facts an agreement's text is made of. */
    record AgreementContent(String number, String callTitle, CallMode mode, String operatorName,
            @Nullable String legalRepresentative, String authorizerName, String scope, int termMonths,
            String templateTitle, int templateVersion, List<TemplateClause> clauses, Instant generatedAt) {
    }

    byte[] agreement(AgreementContent content) {
        Font title = new Font(fonts.chinese(), 18, Font.BOLD);
        Font heading = new Font(fonts.chinese(), 12, Font.BOLD);
        Font body = new Font(fonts.chinese(), 10.5f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 56, 56, 56, 56);
        PdfWriter.getInstance(document, out);
        document.addTitle("公共数据授权运营协议 " + content.number());
        document.open();
        Paragraph heading1 = new Paragraph("济南市公共数据授权运营协议", title);
        heading1.setAlignment(Element.ALIGN_CENTER);
        document.add(heading1);
        Paragraph meta = new Paragraph("协议编号：" + content.number() + "　　范本：" + content.templateTitle() + "（第"
                + content.templateVersion() + "版）", body);
        meta.setAlignment(Element.ALIGN_CENTER);
        meta.setSpacingAfter(12);
        document.add(meta);
        document.add(new Paragraph("申报公告：" + content.callTitle() + "（" + content.mode().labelZh() + "）", body));
        document.add(new Paragraph("授权方（甲方）：" + content.authorizerName(), body));
        document.add(new Paragraph("运营单位（乙方）：" + content.operatorName() + "　法定代表人："
                + nullToDash(content.legalRepresentative()), body));
        document.add(new Paragraph("生成时间：" + DATE_TIME.format(content.generatedAt()), body));
        for (TemplateClause clause : content.clauses()) {
            Paragraph h = new Paragraph(clause.kind().headingZh(), heading);
            h.setSpacingBefore(10);
            document.add(h);
            document.add(new Paragraph(substitute(clause.text(), content), body));
        }
        Paragraph signing = new Paragraph("签署（依次：乙方法定代表人，甲方）", heading);
        signing.setSpacingBefore(18);
        document.add(signing);
        document.add(new Paragraph("乙方：" + content.operatorName() + "（法定代表人或其授权代表）", body));
        document.add(new Paragraph("甲方：" + content.authorizerName(), body));
        document.add(new Paragraph("本协议以平台电子签署为准，签署记录含签署人、时间及本文件的SM3摘要。", body));
        document.close();
        return out.toByteArray();
    }

    static String substitute(String text, AgreementContent content) {
        return text.replace("{operator}", content.operatorName())
                .replace("{legalRepresentative}", nullToDash(content.legalRepresentative()))
                .replace("{authorizer}", content.authorizerName())
                .replace("{call}", content.callTitle())
                .replace("{mode}", content.mode().labelZh())
                .replace("{scope}", content.scope())
                .replace("{term}", content.termMonths() + "个月");
    }

    byte[] filing(FilingReport report) {
        Font title = new Font(fonts.chinese(), 16, Font.BOLD);
        Font heading = new Font(fonts.chinese(), 12, Font.BOLD);
        Font body = new Font(fonts.chinese(), 9.5f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4.rotate(), 40, 40, 40, 40);
        PdfWriter.getInstance(document, out);
        document.addTitle("公共数据授权运营情况汇总（备案）");
        document.open();
        Paragraph h = new Paragraph("济南市公共数据授权运营情况汇总（备案）", title);
        h.setAlignment(Element.ALIGN_CENTER);
        document.add(h);
        document.add(new Paragraph("统计期间：" + DATE.format(report.from()) + " 至 " + DATE.format(report.to())
                + "　　生成时间：" + DATE_TIME.format(report.generatedAt()), body));
        document.add(new Paragraph("依据《济南市公共数据授权运营办法》第八条，报同级人民政府备案。", body));
        Paragraph s = new Paragraph("一、汇总", heading);
        s.setSpacingBefore(10);
        document.add(s);
        document.add(new Paragraph("期间发布申报公告 " + report.callsPublished() + " 个；收到申报 "
                + report.applicationsSubmitted() + " 份；生成授权运营协议 " + report.agreementsGenerated()
                + " 份；期间生效 " + report.agreementsActivated() + " 份；期间到期 " + report.agreementsExpired()
                + " 份；期间终止 " + report.agreementsTerminated() + " 份。", body));
        document.add(new Paragraph("申报状态：" + counts(report.applicationsByState()) + "；协议状态："
                + counts(report.agreementsByState()), body));
        Paragraph c = new Paragraph("二、申报公告", heading);
        c.setSpacingBefore(10);
        document.add(c);
        PdfPTable calls = new PdfPTable(new float[] {4, 1.5f, 1.2f, 1, 1});
        calls.setWidthPercentage(100);
        for (String header : List.of("公告", "授权模式", "状态", "申报数", "确定运营单位数")) {
            calls.addCell(new Paragraph(header, heading));
        }
        for (FilingReport.CallLine line : report.calls()) {
            calls.addCell(new Paragraph(line.title(), body));
            calls.addCell(new Paragraph(line.mode().labelZh(), body));
            calls.addCell(new Paragraph(line.state().labelZh(), body));
            calls.addCell(new Paragraph(String.valueOf(line.applications()), body));
            calls.addCell(new Paragraph(String.valueOf(line.awarded()), body));
        }
        document.add(calls);
        Paragraph a = new Paragraph("三、授权运营协议", heading);
        a.setSpacingBefore(10);
        document.add(a);
        PdfPTable agreements = new PdfPTable(new float[] {2, 3, 3, 1.2f, 1.6f, 1.6f});
        agreements.setWidthPercentage(100);
        for (String header : List.of("协议编号", "运营单位", "授权方", "状态", "生效时间", "届满时间")) {
            agreements.addCell(new Paragraph(header, heading));
        }
        for (FilingReport.AgreementLine line : report.agreements()) {
            agreements.addCell(new Paragraph(line.number(), body));
            agreements.addCell(new Paragraph(line.operatorName(), body));
            agreements.addCell(new Paragraph(line.authorizerName(), body));
            agreements.addCell(new Paragraph(line.state().labelZh(), body));
            agreements.addCell(new Paragraph(line.activatedAt() == null ? "—" : DATE_TIME.format(line.activatedAt()), body));
            agreements.addCell(new Paragraph(line.endsAt() == null ? "—" : DATE_TIME.format(line.endsAt()), body));
        }
        document.add(agreements);
        document.close();
        return out.toByteArray();
    }

    private static String counts(java.util.Map<? extends Enum<?>, Long> counts) {
        if (counts.isEmpty()) {
            return "无";
        }
        return counts.entrySet().stream().map(e -> label(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining("，"));
    }

    private static String label(Enum<?> state) {
        if (state instanceof ApplicationState s) {
            return s.labelZh();
        }
        if (state instanceof AgreementState s) {
            return s.labelZh();
        }
        return state.name();
    }

    private static String nullToDash(@Nullable String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
