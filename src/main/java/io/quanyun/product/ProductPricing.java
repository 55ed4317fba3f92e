package io.quanyun.product;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/**
 * Prices and revenue under the national rules of 2025: products for public governance and public welfare are
 * free; other products charge a service fee at or below the cap price the authorizer sets per product (per item,
 * per call, per period or per data volume, the product's pricing model); a fee above the cap is refused. The
 * platform keeps each operator's revenue of a year against the maximum the authority permits, from charges the
 * metering side records through {@link RevenueRecorder} and from the daily call meter.
 */
@Service
public class ProductPricing implements RevenueRecorder {

    private final ProductGuards guards;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final CallGates gates;
    private final CallDirectory directory;

    ProductPricing(ProductGuards guards, JdbcClient jdbc, AuditTrail audit, Clock clock, CallGates gates,
            CallDirectory directory) {
        this.gates = gates;
        this.directory = directory;
        this.guards = guards;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The authorizer (the authority) sets a charged product's cap price. A cap below the operator's current fee
     * is refused: the operator lowers the fee first.
     */
    @Transactional
    public ProductView setCapPrice(UUID productId, @Nullable BigDecimal cap) {
        Actor actor = guards.requireAuthority("product.price.cap", "product", productId);
        Product product = guards.load(productId);
        ProductView view = product.view();
        if (!view.pricingModel().charges()) {
            throw guards.refuse(ErrorCode.PRODUCT_FORM_MISMATCH, "product.price.cap", "product", productId,
                    "a free (public welfare) product has no cap price");
        }
        Violations.create().check(cap != null && cap.signum() > 0 && cap.scale() <= 4
                && cap.compareTo(new BigDecimal("1000000000")) < 0, "cap",
                "最高限价须为正数，最多四位小数 (the cap is a positive amount with at most four decimals)").throwIfAny();
        if (view.fee() != null && view.fee().compareTo(cap) > 0) {
            throw guards.refuse(ErrorCode.FEE_ABOVE_CAP, "product.price.cap", "product", productId,
                    "current fee " + view.fee() + " above cap " + cap);
        }
        jdbc.sql("update product set cap_price = :cap, updated_at = :at, version = version + 1 where id = :id")
                .param("cap", cap).param("at", now()).param("id", productId).update();
        change(productId, "CAP", cap, view.pricingModel(), actor.username());
        directory.evictProduct(productId);
        audit.record(AuditEvent.success("product.price.cap", "product", productId).with("cap", cap)
                .with("unit", view.pricingModel()));
        return guards.load(productId).view();
    }

    /** The operator sets a charged product's fee, at or below the cap price the authorizer set. */
    @Transactional
    public ProductView setFee(UUID productId, @Nullable BigDecimal fee) {
        Product product = guards.load(productId);
        Actor actor = guards.requireOwnerAdmin("product.price.fee", product);
        ProductView view = product.view();
        if (!view.pricingModel().charges()) {
            throw guards.refuse(ErrorCode.PRODUCT_FORM_MISMATCH, "product.price.fee", "product", productId,
                    "a free (public welfare) product charges no fee");
        }
        Violations.create().check(fee != null && fee.signum() > 0 && fee.scale() <= 4, "fee",
                "服务费须为正数，最多四位小数 (the fee is a positive amount with at most four decimals)").throwIfAny();
        if (view.capPrice() == null) {
            throw guards.refuse(ErrorCode.CAP_PRICE_MISSING, "product.price.fee", "product", productId, "no cap");
        }
        if (fee.compareTo(view.capPrice()) > 0) {
            throw guards.refuse(ErrorCode.FEE_ABOVE_CAP, "product.price.fee", "product", productId,
                    "fee " + fee + " above cap " + view.capPrice());
        }
        jdbc.sql("update product set fee = :fee, updated_at = :at, version = version + 1 where id = :id")
                .param("fee", fee).param("at", now()).param("id", productId).update();
        change(productId, "FEE", fee, view.pricingModel(), actor.username());
        directory.evictProduct(productId);
        forgetRevenue(view.operatorId());
        audit.record(AuditEvent.success("product.price.fee", "product", productId).with("fee", fee)
                .with("unit", view.pricingModel()));
        return guards.load(productId).view();
    }

    /** The price history of a product, newest first. */
    @Transactional(readOnly = true)
    public List<PriceChange> priceChanges(UUID productId) {
        guards.load(productId);
        return jdbc.sql("select what, amount, unit, changed_by, changed_at from product_price_change "
                + "where product_id = :id order by changed_at desc").param("id", productId)
                .query((rs, n) -> new PriceChange(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros(),
                        PricingModel.valueOf(rs.getString(3)), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant())).list();
    }

    // ------------------------------------------------------------------ revenue

    @Override
    @Transactional
    public RecordedCharge record(UUID productId, long units, String reference) {
        Product product = guards.load(productId);
        if (units <= 0 || reference == null || reference.isBlank() || reference.length() > 200) {
            throw QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("units",
                    "用量须为正数，须有引用 (units are positive and a reference is required)")));
        }
        RecordedCharge existing = find(productId, reference);
        if (existing != null) {
            return existing;
        }
        ProductView view = product.view();
        BigDecimal fee = view.pricingModel().charges() && view.fee() != null ? view.fee() : BigDecimal.ZERO;
        BigDecimal amount = fee.multiply(BigDecimal.valueOf(units)).setScale(4, RoundingMode.HALF_UP);
        int year = LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI).getYear();
        RevenueStatus status = status(product.operatorId(), year);
        // settling a subscription's day of answered calls turns unsettled revenue into charges: not counted twice
        BigDecimal pending = reference.startsWith("calls:") ? amount : BigDecimal.ZERO;
        if (status.remaining() != null && amount.compareTo(status.remaining().add(pending)) > 0) {
            throw guards.refuse(ErrorCode.REVENUE_MAXIMUM_REACHED, "product.charge", "product", productId,
                    "revenue " + status.revenue() + " + " + amount + " above maximum " + status.maximum());
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into product_charge (id, product_id, operator_id, charge_year, units, amount, reference, recorded_at)
                values (:id, :product, :operator, :year, :units, :amount, :reference, :at)
                """).param("id", id).param("product", productId).param("operator", product.operatorId())
                .param("year", year).param("units", units).param("amount", amount).param("reference", reference)
                .param("at", now()).update();
        forgetRevenue(product.operatorId());
        return find(productId, reference);
    }

    /**
     * Turns the completed days (before today, Asia/Shanghai) of charged per-call products into charges: the
     * answered calls of each subscription and day that the calls endpoint metered in {@code product_call}
     * (reference {@code calls:<subscription>:<day>}, exactly the billable calls of the subscription's statement),
     * and the calls of the first API keys in the daily key meter {@code product_call_meter} (reference
     * {@code meter:<key>:<day>}). Each is settled once at the product's current fee. Answered calls already
     * counted against the operator's maximum when they were answered (calls beyond it are refused with
     * {@code revenue_maximum_reached}), so settling them fits; a day that no longer fits (the maximum was
     * lowered, or the fee raised, meanwhile) stays unsettled and shows in the operating report.
     *
     * @return the number of charges recorded
     */
    @Transactional
    public int settleMeteredCalls() {
        return settleMeteredCallsBefore(LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI));
    }

    /** Settles the metered calls of the days before the day given (see {@link #settleMeteredCalls()}). */
    @Transactional
    int settleMeteredCallsBefore(LocalDate today) {
        List<Object[]> rows = new java.util.ArrayList<>(jdbc.sql("""
                select c.product_id, c.subscription_id, c.call_day, count(*) from product_call c
                join product p on p.id = c.product_id
                where c.call_day < :today and p.pricing_model = 'PER_CALL' and c.outcome = 'ANSWERED'
                and c.subscription_id is not null
                group by c.product_id, c.subscription_id, c.call_day
                """).param("today", today).query((rs, n) -> new Object[] {rs.getObject(1, UUID.class),
                        callsReference(rs.getObject(2, UUID.class), rs.getObject(3, LocalDate.class)), rs.getLong(4)})
                .list());
        rows.addAll(jdbc.sql("""
                select k.product_id, m.api_key_id, m.call_day, m.calls from product_call_meter m
                join product_api_key k on k.id = m.api_key_id join product p on p.id = k.product_id
                where m.call_day < :today and p.pricing_model = 'PER_CALL' and m.calls > 0
                """).param("today", today).query((rs, n) -> new Object[] {rs.getObject(1, UUID.class),
                        "meter:" + rs.getObject(2, UUID.class) + ":" + rs.getObject(3, LocalDate.class),
                        rs.getLong(4)}).list());
        int recorded = 0;
        for (Object[] row : rows) {
            UUID productId = (UUID) row[0];
            String reference = (String) row[1];
            if (find(productId, reference) == null) {
                try {
                    record(productId, (Long) row[2], reference);
                    recorded++;
                } catch (QuanyunException refused) {
                    // over the maximum: stays unsettled and shows in the operating report
                }
            }
        }
        return recorded;
    }

    /** The charge reference of a subscription's answered calls of a day. */
    static String callsReference(UUID subscriptionId, LocalDate day) {
        return "calls:" + subscriptionId + ":" + day;
    }

    /** The calls endpoint counts revenue in memory: recount it after this transaction. */
    private void forgetRevenue(UUID operatorId) {
        gates.forgetRevenue(operatorId);
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            gates.forgetRevenue(operatorId);
                        }
                    });
        }
    }

    /** The authority sets an operator's permitted maximum revenue for a year. */
    @Transactional
    public RevenueStatus setMaximum(UUID operatorId, int year, @Nullable BigDecimal maximum) {
        Actor actor = guards.requireAuthority("product.revenue.maximum", "organization", operatorId);
        Violations.create().check(maximum != null && maximum.signum() >= 0 && maximum.scale() <= 2, "maximum",
                "上限须为非负金额，最多两位小数 (a non-negative amount with at most two decimals)")
                .check(year >= 2023 && year <= 2100, "year", "年度无效 (invalid year)").throwIfAny();
        int updated = jdbc.sql("update product_revenue_limit set maximum_amount = :max, set_by = :by, set_at = :at "
                + "where operator_id = :op and limit_year = :year").param("max", maximum).param("by", actor.username())
                .param("at", now()).param("op", operatorId).param("year", year).update();
        if (updated == 0) {
            jdbc.sql("insert into product_revenue_limit (operator_id, limit_year, maximum_amount, set_by, set_at) "
                    + "values (:op, :year, :max, :by, :at)").param("op", operatorId).param("year", year)
                    .param("max", maximum).param("by", actor.username()).param("at", now()).update();
        }
        forgetRevenue(operatorId);
        audit.record(AuditEvent.success("product.revenue.maximum", "organization", operatorId).with("year", year)
                .with("maximum", maximum));
        return status(operatorId, year);
    }

    /** An operator's revenue of a year: its own administrators, the authority and auditors. */
    @Transactional(readOnly = true)
    public RevenueStatus revenue(UUID operatorId, int year) {
        Actor actor = Actors.current();
        if (!ProductGuards.seesAll(actor) && !actor.belongsTo(operatorId)) {
            throw guards.refuse(ErrorCode.FORBIDDEN, "product.revenue.read", "organization", operatorId, "not own");
        }
        return status(operatorId, year);
    }

    RevenueStatus status(UUID operatorId, int year) {
        Object[] sums = jdbc.sql("select coalesce(sum(amount), 0), coalesce(sum(units), 0) from product_charge "
                + "where operator_id = :op and charge_year = :year").param("op", operatorId).param("year", year)
                .query((rs, n) -> new Object[] {rs.getBigDecimal(1), rs.getLong(2)}).single();
        BigDecimal revenue = ((BigDecimal) sums[0]).setScale(2, RoundingMode.HALF_UP);
        BigDecimal maximum = jdbc.sql("select maximum_amount from product_revenue_limit where operator_id = :op "
                + "and limit_year = :year").param("op", operatorId).param("year", year).query(BigDecimal.class)
                .optional().orElse(null);
        BigDecimal unsettled = unsettledCalls(jdbc, operatorId, year).setScale(2, RoundingMode.HALF_UP);
        return new RevenueStatus(operatorId, year, revenue, (Long) sums[1], maximum,
                maximum == null ? null : maximum.subtract(revenue).subtract(unsettled).max(BigDecimal.ZERO), unsettled);
    }

    /**
     * The answered calls of an operator's charged per-call products in a year that are not settled into charges
     * yet, at each product's current fee.
     */
    static BigDecimal unsettledCalls(JdbcClient jdbc, UUID operatorId, int year) {
        BigDecimal unsettled = BigDecimal.ZERO;
        for (Object[] group : jdbc.sql("""
                select c.product_id, c.subscription_id, c.call_day, count(*), p.fee from product_call c
                join product p on p.id = c.product_id
                where p.operator_id = :op and p.pricing_model = 'PER_CALL' and p.fee is not null
                and c.outcome = 'ANSWERED' and c.subscription_id is not null
                and c.call_day >= :from and c.call_day < :to
                group by c.product_id, c.subscription_id, c.call_day, p.fee""").param("op", operatorId)
                .param("from", LocalDate.of(year, 1, 1)).param("to", LocalDate.of(year + 1, 1, 1))
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class),
                        callsReference(rs.getObject(2, UUID.class), rs.getObject(3, LocalDate.class)),
                        rs.getLong(4), rs.getBigDecimal(5)}).list()) {
            boolean settled = jdbc.sql("select count(*) from product_charge where product_id = :id and reference = :ref")
                    .param("id", group[0]).param("ref", group[1]).query(Long.class).single() > 0;
            if (!settled) {
                unsettled = unsettled.add(((BigDecimal) group[3]).multiply(BigDecimal.valueOf((Long) group[2])));
            }
        }
        return unsettled;
    }

    /** Units and revenue per product of an operator in a year. */
    List<Object[]> revenueByProduct(UUID operatorId, int year) {
        return jdbc.sql("select product_id, sum(units), sum(amount) from product_charge where operator_id = :op "
                + "and charge_year = :year group by product_id").param("op", operatorId).param("year", year)
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getLong(2), rs.getBigDecimal(3)})
                .list();
    }

    private @Nullable RecordedCharge find(UUID productId, String reference) {
        return jdbc.sql("select id, product_id, operator_id, charge_year, units, amount, reference, recorded_at "
                + "from product_charge where product_id = :id and reference = :ref").param("id", productId)
                .param("ref", reference).query(ProductPricing::charge).optional().orElse(null);
    }

    private static RecordedCharge charge(ResultSet rs, int row) throws SQLException {
        return new RecordedCharge(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class), rs.getInt(4), rs.getLong(5), rs.getBigDecimal(6).stripTrailingZeros(),
                rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant());
    }

    private void change(UUID productId, String what, BigDecimal amount, PricingModel unit, String by) {
        jdbc.sql("insert into product_price_change (id, product_id, what, amount, unit, changed_by, changed_at) "
                + "values (:id, :product, :what, :amount, :unit, :by, :at)").param("id", UUID.randomUUID())
                .param("product", productId).param("what", what).param("amount", amount).param("unit", unit.name())
                .param("by", by).param("at", now()).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), Zones.SHANGHAI);
    }
}
