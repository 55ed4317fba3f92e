package io.quanyun.product;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.quanyun.audit.Sm3;
import io.quanyun.shared.Zones;

/** The revisions of products' published content (released tables, reports, model parameters). */
@Component
final class ProductRevisions {

    static final String STATISTICS = "STATISTICS";
    static final String REPORT = "REPORT";
    static final String MODEL = "MODEL";

    private final JdbcClient jdbc;

    ProductRevisions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the next revision of the product and returns it. */
    RevisionView add(UUID productId, String kind, List<UUID> exportIds, String title, String contentJson,
            byte @Nullable [] pdf, String by, Instant at) {
        int next = jdbc.sql("select coalesce(max(revision), 0) + 1 from product_revision where product_id = :id")
                .param("id", productId).query(Integer.class).single();
        String ids = String.join(",", exportIds.stream().map(UUID::toString).toList());
        String pdfSm3 = pdf == null ? null : Sm3.hex(pdf);
        jdbc.sql("""
                insert into product_revision (product_id, revision, kind, export_ids, title, content_json, content_sm3,
                    pdf_base64, pdf_sm3, published_by, published_at)
                values (:id, :rev, :kind, :exports, :title, :json, :sm3, :pdf, :pdfSm3, :by, :at)
                """).param("id", productId).param("rev", next).param("kind", kind).param("exports", ids)
                .param("title", title).param("json", contentJson)
                .param("sm3", Sm3.hex(contentJson.getBytes(StandardCharsets.UTF_8)))
                .param("pdf", pdf == null ? null : Base64.getEncoder().encodeToString(pdf)).param("pdfSm3", pdfSm3)
                .param("by", by).param("at", OffsetDateTime.ofInstant(at, Zones.SHANGHAI)).update();
        return latest(productId).orElseThrow();
    }

    Optional<RevisionView> latest(UUID productId) {
        return jdbc.sql("select " + COLUMNS + " from product_revision where product_id = :id "
                + "order by revision desc limit 1").param("id", productId).query(ProductRevisions::view).optional();
    }

    List<RevisionView> all(UUID productId) {
        return jdbc.sql("select " + COLUMNS + " from product_revision where product_id = :id order by revision desc")
                .param("id", productId).query(ProductRevisions::view).list();
    }

    String content(UUID productId, int revision) {
        return jdbc.sql("select content_json from product_revision where product_id = :id and revision = :rev")
                .param("id", productId).param("rev", revision).query(String.class).single();
    }

    byte @Nullable [] pdf(UUID productId, int revision) {
        String base64 = jdbc.sql("select pdf_base64 from product_revision where product_id = :id and revision = :rev")
                .param("id", productId).param("rev", revision).query(String.class).optional().orElse(null);
        return base64 == null ? null : Base64.getDecoder().decode(base64);
    }

    private static final String COLUMNS = "product_id, revision, kind, export_ids, title, content_sm3, pdf_sm3, "
            + "published_by, published_at";

    private static RevisionView view(ResultSet rs, int row) throws SQLException {
        String ids = rs.getString("export_ids");
        List<UUID> exports = ids == null || ids.isBlank() ? List.of()
                : Arrays.stream(ids.split(",")).map(UUID::fromString).toList();
        return new RevisionView(rs.getObject("product_id", UUID.class), rs.getInt("revision"), rs.getString("kind"),
                exports, rs.getString("title"), rs.getString("content_sm3"), rs.getString("pdf_sm3"),
                rs.getString("published_by"), rs.getObject("published_at", OffsetDateTime.class).toInstant());
    }
}
