package io.quanyun.supervision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Zones;

/**
 * Read-only views of other modules' tables that supervision needs and cannot reach through their facades,
 * because access, the sandbox and products depend on supervision (a facade call back would be a cycle): the
 * agreements, grants and products an authorizer supervises (Art. 14), an inspected operator's workspaces,
 * query history, exports and products (Art. 16; metadata only: never released results or export files), and
 * the activity counted in security reports. Like {@link ActivityRules} over {@code audit_entry}, this is a
 * coupling Spring Modulith cannot see; it only ever reads.
 */
@Component
class OtherModulesRecords {

    private final JdbcClient jdbc;

    OtherModulesRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ResponsibilityView.Agreement> agreements(@Nullable UUID authorizerId) {
        return jdbc.sql("select id, number, operator_id, operator_name, legal_representative, authorizer_id, "
                        + "authorizer_name, state, ends_at from authorization_agreement"
                        + (authorizerId == null ? "" : " where authorizer_id = :authorizer")
                        + " order by generated_at desc")
                .params(authorizerId == null ? Map.of() : Map.of("authorizer", authorizerId))
                .query((rs, n) -> new ResponsibilityView.Agreement(uuid(rs, "id"), rs.getString("number"),
                        uuid(rs, "operator_id"), rs.getString("operator_name"), rs.getString("legal_representative"),
                        uuid(rs, "authorizer_id"), rs.getString("authorizer_name"), rs.getString("state"),
                        instant(rs, "ends_at")))
                .list();
    }

    List<ResponsibilityView.Grant> grants(@Nullable UUID authorizerId) {
        return jdbc.sql("select g.id, g.scenario, g.agreement_id, g.operator_id, o.name operator_name, "
                        + "a.legal_representative, g.authorizer_id, a.authorizer_name, g.state, g.expires_at "
                        + "from access_grant g join organization o on o.id = g.operator_id "
                        + "left join authorization_agreement a on a.id = g.agreement_id"
                        + (authorizerId == null ? "" : " where g.authorizer_id = :authorizer")
                        + " order by g.created_at desc")
                .params(authorizerId == null ? Map.of() : Map.of("authorizer", authorizerId))
                .query((rs, n) -> new ResponsibilityView.Grant(uuid(rs, "id"), rs.getString("scenario"),
                        uuid(rs, "agreement_id"), uuid(rs, "operator_id"), rs.getString("operator_name"),
                        rs.getString("legal_representative"), uuid(rs, "authorizer_id"),
                        orEmpty(rs.getString("authorizer_name")), rs.getString("state"),
                        instant(rs, "expires_at")))
                .list();
    }

    List<ResponsibilityView.Product> products(@Nullable UUID authorizerId) {
        return jdbc.sql("select p.id, p.name, p.form, p.grant_id, p.operator_id, o.name operator_name, "
                        + "a.legal_representative, g.authorizer_id, a.authorizer_name, p.state from product p "
                        + "join access_grant g on g.id = p.grant_id join organization o on o.id = p.operator_id "
                        + "left join authorization_agreement a on a.id = g.agreement_id"
                        + (authorizerId == null ? "" : " where g.authorizer_id = :authorizer")
                        + " order by p.created_at desc")
                .params(authorizerId == null ? Map.of() : Map.of("authorizer", authorizerId))
                .query((rs, n) -> new ResponsibilityView.Product(uuid(rs, "id"), rs.getString("name"),
                        rs.getString("form"), uuid(rs, "grant_id"), uuid(rs, "operator_id"),
                        rs.getString("operator_name"), rs.getString("legal_representative"),
                        uuid(rs, "authorizer_id"), orEmpty(rs.getString("authorizer_name")), rs.getString("state")))
                .list();
    }

    /** The operator's first responsible person: the legal representative of its latest agreement, if any. */
    @Nullable
    String firstResponsiblePerson(UUID operatorId) {
        return jdbc.sql("select legal_representative from authorization_agreement where operator_id = :operator "
                        + "and legal_representative is not null order by generated_at desc limit 1")
                .param("operator", operatorId).query(String.class).optional().orElse(null);
    }

    /** Operators holding an agreement that was active at some time between the two days (inclusive). */
    Map<UUID, String> operatorsUnderAgreement(LocalDate start, LocalDate end) {
        Map<UUID, String> operators = new LinkedHashMap<>();
        jdbc.sql("select distinct operator_id, operator_name from authorization_agreement where activated_at is not null "
                        + "and activated_at < :to and (ended_at is null or ended_at >= :from) order by operator_name")
                .param("from", start.atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .param("to", end.plusDays(1).atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .query((rs, n) -> Map.entry(uuid(rs, "operator_id"), rs.getString("operator_name"))).list()
                .forEach(e -> operators.put(e.getKey(), e.getValue()));
        return operators;
    }

    // ---------------------------------------------------------------- inspection

    List<InspectionRecords.Workspace> workspaces(UUID operatorId) {
        Map<UUID, List<String>> members = new LinkedHashMap<>();
        jdbc.sql("select m.workspace_id, m.username from sandbox_member m join sandbox_workspace w "
                        + "on w.id = m.workspace_id where w.operator_id = :operator order by m.added_at")
                .param("operator", operatorId)
                .query((rs, n) -> Map.entry(uuid(rs, "workspace_id"), rs.getString("username"))).list()
                .forEach(e -> members.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return jdbc.sql("select id, grant_id, scenario, state, created_at from sandbox_workspace "
                        + "where operator_id = :operator order by created_at")
                .param("operator", operatorId)
                .query((rs, n) -> new InspectionRecords.Workspace(uuid(rs, "id"), uuid(rs, "grant_id"),
                        rs.getString("scenario"), rs.getString("state"), instant(rs, "created_at"),
                        members.getOrDefault(uuid(rs, "id"), List.of())))
                .list();
    }

    List<InspectionRecords.Query> queries(UUID operatorId, int limit) {
        return jdbc.sql("select q.id, q.workspace_id, q.username, q.started_at, q.sql_text, q.verdict, q.rule, "
                        + "q.epsilon_spent from sandbox_query q join sandbox_workspace w on w.id = q.workspace_id "
                        + "where w.operator_id = :operator order by q.started_at desc limit :limit")
                .param("operator", operatorId).param("limit", limit)
                .query((rs, n) -> new InspectionRecords.Query(uuid(rs, "id"), uuid(rs, "workspace_id"),
                        rs.getString("username"), instant(rs, "started_at"), rs.getString("sql_text"),
                        rs.getString("verdict"), rs.getString("rule"), rs.getBigDecimal("epsilon_spent")))
                .list();
    }

    List<InspectionRecords.Export> exports(UUID operatorId) {
        return jdbc.sql("select e.id, e.workspace_id, e.requester, e.purpose, e.state, e.requested_at, e.decided_at "
                        + "from sandbox_export e join sandbox_workspace w on w.id = e.workspace_id "
                        + "where w.operator_id = :operator order by e.requested_at desc")
                .param("operator", operatorId)
                .query((rs, n) -> new InspectionRecords.Export(uuid(rs, "id"), uuid(rs, "workspace_id"),
                        rs.getString("requester"), rs.getString("purpose"), rs.getString("state"),
                        instant(rs, "requested_at"), instantOrNull(rs, "decided_at")))
                .list();
    }

    List<InspectionRecords.Product> operatorProducts(UUID operatorId) {
        return jdbc.sql("select id, name, form, state, grant_id, created_at from product where operator_id = :operator "
                        + "order by created_at desc")
                .param("operator", operatorId)
                .query((rs, n) -> new InspectionRecords.Product(uuid(rs, "id"), rs.getString("name"),
                        rs.getString("form"), rs.getString("state"), uuid(rs, "grant_id"),
                        instant(rs, "created_at")))
                .list();
    }

    // ---------------------------------------------------------------- security report evidence

    /** Audit entries of the operator's people with the action (prefix) and outcome (any when null) in the period. */
    long activity(UUID operatorId, String action, @Nullable String outcome, LocalDate start, LocalDate end) {
        return jdbc.sql("select count(*) from audit_entry where organization_id = :operator and action = :action "
                        + "and occurred_at >= :from and occurred_at < :to"
                        + (outcome == null ? "" : " and outcome = :outcome"))
                .param("operator", operatorId).param("action", action)
                .param("from", start.atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .param("to", end.plusDays(1).atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .params(outcome == null ? Map.of() : Map.of("outcome", outcome))
                .query(Long.class).single();
    }

    // ---------------------------------------------------------------- evaluation evidence

    /** The operator's exports approved (decided APPROVED) in the period. */
    long exportsApproved(UUID operatorId, LocalDate start, LocalDate end) {
        return jdbc.sql("select count(*) from sandbox_export e join sandbox_workspace w on w.id = e.workspace_id "
                        + "where w.operator_id = :operator and e.state = 'APPROVED' and e.decided_at >= :from "
                        + "and e.decided_at < :to")
                .param("operator", operatorId)
                .param("from", start.atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .param("to", end.plusDays(1).atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .query(Long.class).single();
    }

    /** The operator's products created in the period. */
    long productsCreated(UUID operatorId, LocalDate start, LocalDate end) {
        return jdbc.sql("select count(*) from product where operator_id = :operator and created_at >= :from "
                        + "and created_at < :to")
                .param("operator", operatorId)
                .param("from", start.atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .param("to", end.plusDays(1).atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .query(Long.class).single();
    }

    /** The operator's products listed (a review that left them listed) in the period. */
    long productsListed(UUID operatorId, LocalDate start, LocalDate end) {
        return jdbc.sql("select count(distinct p.id) from product p join audit_entry a on a.object_type = 'product' "
                        + "and a.object_id = cast(p.id as varchar(120)) where p.operator_id = :operator "
                        + "and a.action = 'product.review' and a.outcome = 'SUCCESS' "
                        + "and a.details like '%\"state\":\"LISTED\"%' and a.occurred_at >= :from and a.occurred_at < :to")
                .param("operator", operatorId)
                .param("from", start.atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .param("to", end.plusDays(1).atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .query(Long.class).single();
    }

    private static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Instant value = instantOrNull(rs, column);
        return value == null ? Instant.EPOCH : value;
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }

}
