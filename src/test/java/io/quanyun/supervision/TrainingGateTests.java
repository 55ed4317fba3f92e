package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.quanyun.identity.CreateUser;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.UserView;
import io.quanyun.product.IssueApiKey;
import io.quanyun.product.PricingModel;
import io.quanyun.product.ProductForm;
import io.quanyun.product.ProductManagement;
import io.quanyun.product.ProductView;
import io.quanyun.product.RegisterProduct;
import io.quanyun.product.ReviewProduct;
import io.quanyun.product.RiskLevel;
import io.quanyun.product.VerificationComparison;
import io.quanyun.product.VerificationDefinition;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;
import io.quanyun.support.Api;

/**
 * Art. 16: only people with valid pre-job security training become workspace members, run queries or hold product
 * credentials; when a person's training lapses, that person stops, not the grant.
 */
@SupervisionTest
class TrainingGateTests {

    static final String QUERY = "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender";

    @Autowired SupervisionManagement supervision;
    @Autowired SandboxManagement sandbox;
    @Autowired ProductManagement products;
    @Autowired IdentityManagement identity;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;
    @Autowired io.quanyun.support.MutableClock clock;

    UserView newStaff(SupervisedOperator operator, String prefix, Role role) {
        return Actors.runAs(Actor.system(), () -> identity.createUser(new CreateUser(operator.organizationId,
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8), "新员工", Api.PASSWORD, Set.of(role))));
    }

    void train(SupervisedOperator operator, UserView person, LocalDate validUntil) {
        LocalDate today = LocalDate.now(clock.withZone(Zones.SHANGHAI));
        Actors.runAs(operator.adminActor(identity), () -> supervision.recordTraining(new RecordTraining(person.id(),
                "岗前数据安全培训", today, TrainingResult.PASSED, validUntil)));
    }

    static String code(Runnable action) {
        try {
            action.run();
            return "done";
        } catch (QuanyunException e) {
            return e.code().code();
        }
    }

    @Test
    void membership_needsValidTraining_andALapseStopsOnlyThatPerson() {
        SupervisedOperator operator = operators.get("gate");
        Actor admin = operator.adminActor(identity);
        UUID workspace = operator.workspace(sandbox, identity);
        UserView newcomer = newStaff(operator, "newcomer", Role.OPERATOR_ENGINEER);
        assertThat(code(() -> Actors.runAs(admin, () -> sandbox.addMember(workspace, newcomer.username()))))
                .isEqualTo("training_required");

        LocalDate today = LocalDate.now(clock.withZone(Zones.SHANGHAI));
        train(operator, newcomer, today.plusDays(1));
        Actors.runAs(admin, () -> sandbox.addMember(workspace, newcomer.username()));
        Actor newcomerActor = SupervisedOperator.actor(identity, newcomer.username());
        assertThat(code(() -> Actors.runAs(newcomerActor, () -> sandbox.query(workspace, QUERY))))
                .isEqualTo("done");

        clock.advance(Duration.ofDays(2));
        assertThat(Actors.runAs(Actor.system(), supervision::detectLapsedTrainings)).contains(newcomer.id());
        Actor lapsed = SupervisedOperator.actor(identity, newcomer.username());
        assertThat(code(() -> Actors.runAs(lapsed, () -> sandbox.query(workspace, QUERY))))
                .isEqualTo("training_required");
        Actor colleague = operator.engineerActor(identity);
        assertThat(code(() -> Actors.runAs(colleague, () -> sandbox.query(workspace, QUERY))))
                .as("the grant goes on for trained colleagues").isEqualTo("done");
    }

    @Test
    void apiKeys_areIssuedOnlyByTrainedStaff() {
        SupervisedOperator operator = operators.get("gate");
        Actor admin = operator.adminActor(identity);
        ProductView product = Actors.runAs(admin, () -> products.register(new RegisterProduct(operator.grantId,
                ProductForm.DATA_VERIFICATION, "性别核验", "核验本人性别", PricingModel.FREE, null, "培训门槛测试",
                new VerificationDefinition("person", "id_no", "gender", VerificationComparison.EQUALS))));
        Actors.runAs(admin, () -> products.submit(product.id()));
        Actors.runAs(SupervisedOperator.actor(identity, "bureau"), () -> products.review(product.id(),
                new ReviewProduct(true, RiskLevel.LOW, "符合", null)));

        UserView untrained = newStaff(operator, "keyholder", Role.OPERATOR_ADMIN);
        Actor holder = SupervisedOperator.actor(identity, untrained.username());
        assertThat(code(() -> Actors.runAs(holder, () -> products.issueApiKey(product.id(), new IssueApiKey("某保险")))))
                .isEqualTo("training_required");
        train(operator, untrained, LocalDate.now(clock.withZone(Zones.SHANGHAI)).plusYears(1));
        Actor trained = SupervisedOperator.actor(identity, untrained.username());
        assertThat(Actors.runAs(trained, () -> products.issueApiKey(product.id(), new IssueApiKey("某保险"))).key())
                .startsWith("qy_");
    }
}
