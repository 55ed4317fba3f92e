package io.quanyun.product;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.SubjectHash;
import io.quanyun.sandbox.ModelTraining;
import io.quanyun.sandbox.TrainModel;
import io.quanyun.sandbox.TrainedModel;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Violations;

/**
 * Data model products (数据模型, issue 6 part 4): the operator trains a model inside the sandbox on a derived
 * table of the product's grant, with differential privacy charged to the grant's budget. The model's parameters
 * become the product's revision; each trained-on person's score is kept under the keyed hash of the person's
 * identifier (never the identifier), and {@link ModelScoring} answers score calls.
 */
@Service
public class ModelProducts {

    private final ProductGuards guards;
    private final ProductRevisions revisions;
    private final ModelTraining training;
    private final SubjectHash subjectHash;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final AuditTrail audit;
    private final Clock clock;

    ModelProducts(ProductGuards guards, ProductRevisions revisions, ModelTraining training, ConsentRegistry consents,
            JdbcClient jdbc, JdbcTemplate template, AuditTrail audit, Clock clock) {
        this.guards = guards;
        this.revisions = revisions;
        this.training = training;
        this.subjectHash = consents.subjectHash();
        this.jdbc = jdbc;
        this.template = template;
        this.audit = audit;
        this.clock = clock;
    }

    /** The operator's administrator (a trained workspace member) trains the model; a new revision results. */
    @Transactional
    public ModelView train(UUID productId, TrainProductModel command) {
        Product product = guards.load(productId);
        Actor actor = guards.requireOwnerAdmin("product.model.train", product);
        guards.requireForm("product.model.train", product, ProductForm.DATA_MODEL);
        guards.requireNotDelisted("product.model.train", product);
        Violations.create().check(command.kind() != null, "kind", "模型类型必填 (kind is required)")
                .check(command.table() != null && !command.table().isBlank(), "table", "派生表必填 (table is required)")
                .check(command.features() != null && !command.features().isEmpty(), "features",
                        "特征必填 (features are required)")
                .check(command.target() != null && !command.target().isBlank(), "target",
                        "目标字段必填 (target is required)")
                .check(command.epsilon() != null, "epsilon", "隐私预算必填 (epsilon is required)")
                .check(command.kind() != io.quanyun.sandbox.ModelKind.LINEAR_REGRESSION
                        || command.targetLower() != null && command.targetUpper() != null, "targetUpper",
                        "线性回归须给出目标边界 (linear regression needs target bounds)")
                .throwIfAny();
        List<Object[]> scores = new ArrayList<>();
        int next = revisions.latest(productId).map(r -> r.revision() + 1).orElse(1);
        TrainedModel model = training.train(new TrainModel(product.grantId(), command.kind(), command.table().strip(),
                command.features(), command.target().strip(),
                command.targetLower() == null ? 0 : command.targetLower(),
                command.targetUpper() == null ? 1 : command.targetUpper(), command.epsilon()), (entity, score) -> scores.add(new Object[] {productId, next,
                        subjectHash.of(entity), score}));
        RevisionView revision = revisions.add(productId, ProductRevisions.MODEL, List.of(),
                product.view().name(), StatisticsProducts.JSON.writeValueAsString(model), null, actor.username(),
                clock.instant());
        for (int from = 0; from < scores.size(); from += 1000) {
            template.batchUpdate("insert into product_model_score (product_id, revision, subject_hash, score) "
                    + "values (?, ?, ?, ?)", scores.subList(from, Math.min(scores.size(), from + 1000)));
        }
        audit.record(AuditEvent.success("product.model.train", "product", productId)
                .with("revision", revision.revision()).with("kind", command.kind()).with("rows", model.rows())
                .with("epsilon", model.epsilon()));
        return new ModelView(productId, revision.revision(), model, scores.size(), revision.publishedAt());
    }

    /** The latest model of a product, its public parameters; for everybody once listed (like the catalog). */
    @Transactional(readOnly = true)
    public Optional<ModelView> latest(UUID productId) {
        return revisions.latest(productId).filter(r -> r.kind().equals(ProductRevisions.MODEL)).map(r -> {
            TrainedModel model = StatisticsProducts.JSON.readValue(revisions.content(productId, r.revision()),
                    TrainedModel.class);
            long scored = jdbc.sql("select count(*) from product_model_score where product_id = :id and revision = :rev")
                    .param("id", productId).param("rev", r.revision()).query(Long.class).single();
            return new ModelView(productId, r.revision(), model, scored, r.publishedAt());
        });
    }
}
