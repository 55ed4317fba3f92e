package io.quanyun.product;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.quanyun.shared.Zones;

/**
 * The record of every consent token issued ({@code product_consent_token}), the truth for revocation. At start it
 * hands the ids of the revoked, unexpired tokens to {@link ConsentTokens}; a revocation is handed over when its
 * transaction commits, so the calls endpoint refuses the token from the next call on without reading the table.
 */
@Component
class ConsentTokenRecords implements SmartInitializingSingleton {

    /** Who issued a token: the subject through the trusted identity provider, or staff at a counter. */
    enum Channel {
        SUBJECT, COUNTER
    }

    private final JdbcClient jdbc;
    private final ConsentTokens tokens;
    private final Clock clock;

    ConsentTokenRecords(JdbcClient jdbc, ConsentTokens tokens, Clock clock) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        reloadRevoked();
    }

    /** Loads the revoked, unexpired token ids from the table (at start; hourly to drop the expired ones). */
    @Scheduled(initialDelayString = "PT1H", fixedDelayString = "PT1H")
    void reloadRevoked() {
        List<UUID> ids = jdbc.sql("select id from product_consent_token where revoked_at is not null and expires_at > :now")
                .param("now", now()).query(UUID.class).list();
        ids.forEach(tokens::markRevoked);
        List<UUID> expired = jdbc.sql("select id from product_consent_token where revoked_at is not null and expires_at <= :now")
                .param("now", now()).query(UUID.class).list();
        tokens.forgetRevoked(expired);
    }

    /** Records a new token and returns it (the caller audits). */
    IssuedConsentToken issue(UUID productId, UUID consumerId, String consumerName, String subjectHash, Instant expiresAt, Channel channel,
            String issuedBy) {
        UUID id = UUID.randomUUID();
        String token = tokens.issue(id, productId, consumerId, subjectHash, expiresAt);
        jdbc.sql("""
                insert into product_consent_token (id, product_id, consumer_id, consumer_name, subject_hash, channel, issued_by,
                    issued_at, expires_at) values (:id, :product, :consumer, :name, :hash, :channel, :by, :at, :expires)""")
                .param("id", id).param("product", productId).param("consumer", consumerId).param("name", consumerName)
                .param("hash", subjectHash)
                .param("channel", channel.name()).param("by", issuedBy).param("at", now())
                .param("expires", OffsetDateTime.ofInstant(expiresAt, Zones.SHANGHAI)).update();
        return new IssuedConsentToken(id, token, productId, consumerId, expiresAt);
    }

    /** A token of the subject (by keyed hash), or null. */
    @Nullable ConsentTokenView find(UUID id, String subjectHash) {
        return list("where t.id = :id and t.subject_hash = :hash", id, subjectHash).stream().findFirst().orElse(null);
    }

    /** The subject's tokens, newest first. */
    List<ConsentTokenView> ofSubject(String subjectHash) {
        return list("where t.subject_hash = :hash", null, subjectHash);
    }

    /**
     * Marks the token revoked in the table and, when the transaction commits, in memory.
     *
     * @return false when it was revoked already
     */
    boolean revoke(UUID id, String revokedBy) {
        int changed = jdbc.sql("update product_consent_token set revoked_at = :at, revoked_by = :by where id = :id and revoked_at is null")
                .param("at", now()).param("by", revokedBy).param("id", id).update();
        if (changed == 0) {
            return false;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    tokens.markRevoked(id);
                }
            });
        } else {
            tokens.markRevoked(id);
        }
        return true;
    }

    private List<ConsentTokenView> list(String where, @Nullable UUID id, String subjectHash) {
        var spec = jdbc.sql("""
                select t.id, t.product_id, p.name, t.consumer_id, t.consumer_name, t.channel, t.issued_at,
                    t.expires_at, t.revoked_at from product_consent_token t join product p on p.id = t.product_id
                """ + where + " order by t.issued_at desc")
                .param("hash", subjectHash);
        if (id != null) {
            spec = spec.param("id", id);
        }
        Instant now = clock.instant();
        return spec.query((rs, n) -> {
            OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
            OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
            String state = revoked != null ? "REVOKED" : expires.toInstant().isAfter(now) ? "VALID" : "EXPIRED";
            return new ConsentTokenView(rs.getObject("id", UUID.class), rs.getObject("product_id", UUID.class),
                    rs.getString("name"), rs.getObject("consumer_id", UUID.class), rs.getString("consumer_name"),
                    rs.getString("channel"), rs.getObject("issued_at", OffsetDateTime.class), expires, revoked, state);
        }).list();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), Zones.SHANGHAI);
    }
}
