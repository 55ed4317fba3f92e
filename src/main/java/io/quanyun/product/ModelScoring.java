package io.quanyun.product;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.SubjectHash;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/**
 * Serves a data model product as a score per entity (issue 6 part 4), for the calls endpoint to dispatch to.
 * The caller (the calls endpoint) has already checked the API key, the subscription, quota and the subject's
 * consent and meters the call; this service checks the product is a listed model whose grant is active,
 * looks the score up by the keyed hash of the identifier and returns it, or not found. It never returns a
 * stored value of public data, only the model's score.
 */
@Service
public class ModelScoring {

    private final ProductGuards guards;
    private final ProductRevisions revisions;
    private final SubjectHash subjectHash;
    private final JdbcClient jdbc;

    ModelScoring(ProductGuards guards, ProductRevisions revisions, ConsentRegistry consents, JdbcClient jdbc) {
        this.guards = guards;
        this.revisions = revisions;
        this.subjectHash = consents.subjectHash();
        this.jdbc = jdbc;
    }

    /**
     * The score of one entity.
     *
     * @param productId a listed {@link ProductForm#DATA_MODEL} product
     * @param subjectId the entity's identifier as the caller sent it (e.g. an id-card number); only its keyed hash
     *        is used
     * @throws QuanyunException {@code product_not_listed} when not listed or its grant is not active,
     *         {@code product_form_mismatch} for another form, {@code product_no_revision} before training,
     *         {@code validation_failed} for a blank identifier
     */
    public ModelScore score(UUID productId, String subjectId) {
        Product product = guards.load(productId);
        guards.requireForm("product.model.score", product, ProductForm.DATA_MODEL);
        guards.requireServing("product.model.score", product);
        if (subjectId == null || subjectId.isBlank() || subjectId.length() > 64) {
            throw QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("subject",
                    "标识必填，最多64字 (the subject identifier is required, at most 64 characters)")));
        }
        ModelScore score = scoreByHash(productId, subjectHash.of(subjectId));
        if (score == null) {
            throw new QuanyunException(ErrorCode.PRODUCT_NO_REVISION, ErrorCode.PRODUCT_NO_REVISION.titleEn(),
                    List.of(), "product", productId.toString());
        }
        return score;
    }

    /**
     * The score of the entity with the keyed hash given, from the latest model revision, for the calls endpoint
     * (which has checked the key, the listing, the limits and the consent, and meters and audits the call).
     *
     * @return null when the product has no model revision yet
     */
    @org.jspecify.annotations.Nullable
    ModelScore scoreByHash(UUID productId, String hash) {
        RevisionView revision = revisions.latest(productId).filter(r -> r.kind().equals(ProductRevisions.MODEL))
                .orElse(null);
        if (revision == null) {
            return null;
        }
        Double score = jdbc.sql("select score from product_model_score where product_id = :id and revision = :rev "
                + "and subject_hash = :hash").param("id", productId).param("rev", revision.revision())
                .param("hash", hash).query(Double.class).optional().orElse(null);
        String kind = StatisticsProducts.JSON.readTree(revisions.content(productId, revision.revision()))
                .get("kind").asString();
        return new ModelScore(productId, revision.revision(), kind, score != null, score);
    }
}
