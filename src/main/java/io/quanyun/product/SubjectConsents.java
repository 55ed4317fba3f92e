package io.quanyun.product;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Sm3;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.SubjectHash;
import io.quanyun.shared.Actor;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Violations;

/**
 * The data subject's own channel for consent tokens (ADR 2026-11-29-subject-consent-channel). The person signs in
 * with the city's trusted identity provider (the government service app, which does the real-name check); the
 * provider's back end, holding its client key, opens a short subject session here naming the person's identity
 * number. Within the session the person lists their tokens, issues a token for one listed product and one
 * consumer subscribed to it, with an expiry, and revokes a token; a revoked token is refused on the next call.
 * The session keeps only the subject's keyed hash; every act is audited with it, never with the identity number.
 */
@Service
public class SubjectConsents {

    static final String SESSION_PREFIX = "qys_";
    static final Duration SESSION_VALIDITY = Duration.ofMinutes(15);
    private static final int MAX_SESSIONS = 100_000;

    private final ConsentTokenRecords records;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final SubjectHash subjectHash;
    private final String providerName;
    private final @Nullable String providerKeyHash;
    private final boolean demoSignIn;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    SubjectConsents(ConsentTokenRecords records, JdbcClient jdbc, AuditTrail audit, Clock clock,
            ConsentRegistry consents,
            @Value("${quanyun.subject-channel.identity-provider.name:政务服务App}") String providerName,
            @Value("${quanyun.subject-channel.identity-provider.key-hash:}") String providerKeyHash,
            @Value("${quanyun.subject-channel.demo-sign-in:false}") boolean demoSignIn) {
        this.records = records;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.subjectHash = consents.subjectHash();
        this.providerName = providerName;
        this.providerKeyHash = providerKeyHash.isBlank() ? null : providerKeyHash.toLowerCase(java.util.Locale.ROOT);
        this.demoSignIn = demoSignIn;
    }

    /** A subject session: who (keyed hash only), through which provider, until when. */
    record Session(String subjectHash, String provider, Instant expiresAt) {
    }

    /**
     * An opened session: the secret the provider hands to the person's app, or posts once from the person's browser
     * as the form field {@code session} to {@code portalPath} ({@code POST /portal/subject/enter}; never in a URL).
     */
    public record OpenedSession(String session, Instant expiresAt, String portalPath) {
    }

    /** Where the browser enters the portal: a POST with the session secret as the form field {@code session}. */
    public static final String PORTAL_ENTRY = "/portal/subject/enter";

    /** A product the subject can authorize a consumer to call: a listed product the consumer subscribes to. */
    public record Choice(UUID productId, String productName, ProductForm form, UUID consumerId, String consumerName) {
    }

    public String providerName() {
        return providerName;
    }

    public boolean demoSignInEnabled() {
        return demoSignIn;
    }

    /**
     * The trusted identity provider opens a session for a person it has authenticated (real name).
     *
     * @param providerKey the provider's client key ({@code X-Identity-Provider-Key}); only its SM3 hash is configured
     * @param subject the person's identity number, as the provider verified it
     */
    public OpenedSession openSession(@Nullable String providerKey, @Nullable String subject) {
        if (providerKey == null || providerKeyHash == null || !MessageDigest.isEqual(
                Sm3.hex(providerKey).getBytes(StandardCharsets.US_ASCII), providerKeyHash.getBytes(StandardCharsets.US_ASCII))) {
            audit.recordIndependently(new AuditEvent(provider(null), "product.subject.session", "subject", "",
                    io.quanyun.audit.Outcome.REFUSED, "identity_provider_unknown", Map.of()));
            throw new QuanyunException(ErrorCode.IDENTITY_PROVIDER_UNKNOWN, ErrorCode.IDENTITY_PROVIDER_UNKNOWN.titleEn())
                    .markAudited();
        }
        return open(subject, providerName);
    }

    /**
     * The development stand-in for the identity provider (property {@code quanyun.subject-channel.demo-sign-in},
     * on in {@code ./quanyun dev} only): the person types an identity number, no real-name check.
     */
    public OpenedSession openDemoSession(@Nullable String subject) {
        if (!demoSignIn) {
            throw QuanyunException.forbidden("The demo identity provider is off");
        }
        return open(subject, providerName + "（演示）");
    }

    private OpenedSession open(@Nullable String subject, String provider) {
        if (subject == null || !IdentityNumbers.isValid(subject.trim())) {
            audit.recordIndependently(new AuditEvent(provider(provider), "product.subject.session", "subject", "",
                    io.quanyun.audit.Outcome.REFUSED, "validation_failed", Map.of()));
            throw QuanyunException.invalid(List.of(new Violation("subject", "身份号码校验不通过 (GB 11643 check failed)")))
                    .markAudited();
        }
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        }
        String session = newSecret();
        String hash = subjectHash.of(subject.trim());
        Instant expiresAt = now.plus(SESSION_VALIDITY);
        sessions.put(Sm3.hex(session), new Session(hash, provider, expiresAt));
        audit.recordIndependently(new AuditEvent(provider(provider), "product.subject.session", "subject", hash,
                io.quanyun.audit.Outcome.SUCCESS, null, Map.of("expiresAt", expiresAt.toString())));
        return new OpenedSession(session, expiresAt, PORTAL_ENTRY);
    }

    /**
     * The browser enters the portal with a secret the provider posted: the secret is used up (a second entry with it
     * is refused) and exchanged for a new secret of the same session, which the portal keeps in the server-side HTTP
     * session only. The secret that travelled through the provider and the browser thus opens the portal once.
     *
     * @return the new secret, for the HTTP session
     * @throws QuanyunException {@code subject_session_invalid} for an unknown, used or expired secret (audited)
     */
    public String enter(@Nullable String secret) {
        Session found = secret == null || !secret.startsWith(SESSION_PREFIX) || secret.length() > 100 ? null
                : sessions.remove(Sm3.hex(secret));
        if (found == null || !found.expiresAt().isAfter(clock.instant())) {
            audit.recordIndependently(new AuditEvent(provider(found == null ? null : found.provider()),
                    "product.subject.session.enter", "subject", found == null ? "" : found.subjectHash(),
                    io.quanyun.audit.Outcome.REFUSED, "subject_session_invalid", Map.of()));
            throw new QuanyunException(ErrorCode.SUBJECT_SESSION_INVALID, ErrorCode.SUBJECT_SESSION_INVALID.titleEn())
                    .markAudited();
        }
        String portal = newSecret();
        sessions.put(Sm3.hex(portal), found);
        audit.recordIndependently(new AuditEvent(provider(found.provider()), "product.subject.session.enter", "subject",
                found.subjectHash(), io.quanyun.audit.Outcome.SUCCESS, null,
                Map.of("expiresAt", found.expiresAt().toString())));
        return portal;
    }

    /**
     * Refuses an entry and uses the secret up, so whoever finds it later cannot enter: a secret that arrived in a URL
     * ({@code GET /portal/subject/enter?session=...}, reason {@code subject_session_in_url}), where browser history,
     * proxy logs and the Referer header may keep it, or one posted from a site that is neither the platform nor the
     * identity provider ({@code subject_session_origin}).
     */
    public void refuseEntry(@Nullable String secret, String reason) {
        Session found = secret == null || !secret.startsWith(SESSION_PREFIX) || secret.length() > 100 ? null
                : sessions.remove(Sm3.hex(secret));
        audit.recordIndependently(new AuditEvent(provider(found == null ? null : found.provider()),
                "product.subject.session.enter", "subject", found == null ? "" : found.subjectHash(),
                io.quanyun.audit.Outcome.REFUSED, reason, Map.of("usedUp", String.valueOf(found != null))));
    }

    private String newSecret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return SESSION_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Ends a session (sign-out). */
    public void close(@Nullable String session) {
        if (session != null) {
            sessions.remove(Sm3.hex(session));
        }
    }

    /** @return whether the session is open (for the portal page) */
    public boolean isOpen(@Nullable String session) {
        return find(session) != null;
    }

    /** The subject's tokens, newest first. */
    @Transactional(readOnly = true)
    public List<ConsentTokenView> tokens(@Nullable String session) {
        return records.ofSubject(require(session).subjectHash());
    }

    /** The listed verification and model products with the consumers subscribed to them. */
    @Transactional(readOnly = true)
    public List<Choice> choices(@Nullable String session) {
        require(session);
        return jdbc.sql("""
                select p.id, p.name, p.form, s.consumer_id, s.consumer_name from product_subscription s
                join product p on p.id = s.product_id
                where s.state = 'ACTIVE' and p.state = 'LISTED' and p.form in ('DATA_VERIFICATION', 'DATA_MODEL')
                order by p.name, s.consumer_name""")
                .query((rs, n) -> new Choice(rs.getObject(1, UUID.class), rs.getString(2),
                        ProductForm.valueOf(rs.getString(3)), rs.getObject(4, UUID.class), rs.getString(5))).list();
    }

    /**
     * Issues a token for one listed product and one consumer subscribed to it, until {@code expiresAt} (null: 30
     * days; at most a year). The token is shown once; the subject hands it to the consumer.
     */
    @Transactional
    public IssuedConsentToken issue(@Nullable String session, @Nullable UUID productId, @Nullable UUID consumerId,
            @Nullable Instant expiresAt) {
        Session subject = require(session);
        Instant now = clock.instant();
        Instant until = expiresAt == null ? now.plus(ConsentTokens.DEFAULT_VALIDITY) : expiresAt;
        Violations violations = Violations.create()
                .check(productId != null, "productId", "产品必填 (productId is required)")
                .check(consumerId != null, "consumerId", "使用单位必填 (consumerId is required)")
                .check(until.isAfter(now) && !until.isAfter(now.plus(ConsentTokens.MAX_VALIDITY)), "expiresAt",
                        "有效期须在未来一年内 (within the next year)");
        if (!violations.isEmpty()) {
            throw refused(subject, "product.subject.consent-token.issue", productId, "validation_failed",
                    QuanyunException.invalid(violations.list()));
        }
        Choice choice = jdbc.sql("""
                select p.id, p.name, p.form, s.consumer_id, s.consumer_name from product_subscription s
                join product p on p.id = s.product_id
                where s.state = 'ACTIVE' and p.state = 'LISTED' and p.form in ('DATA_VERIFICATION', 'DATA_MODEL')
                and p.id = :product and s.consumer_id = :consumer""").param("product", productId)
                .param("consumer", consumerId)
                .query((rs, n) -> new Choice(rs.getObject(1, UUID.class), rs.getString(2),
                        ProductForm.valueOf(rs.getString(3)), rs.getObject(4, UUID.class), rs.getString(5)))
                .optional().orElse(null);
        if (choice == null) {
            throw refused(subject, "product.subject.consent-token.issue", productId, "not_found",
                    QuanyunException.notFound("subscription", productId + "/" + consumerId));
        }
        IssuedConsentToken issued = records.issue(choice.productId(), choice.consumerId(), choice.consumerName(),
                subject.subjectHash(), until, ConsentTokenRecords.Channel.SUBJECT, "subject via " + subject.provider());
        audit.record(new AuditEvent(provider(subject.provider()), "product.subject.consent-token.issue", "product",
                choice.productId().toString(), io.quanyun.audit.Outcome.SUCCESS, null,
                Map.of("token", issued.id().toString(), "consumer", choice.consumerId().toString(), "subjectHash",
                        subject.subjectHash(), "expiresAt", until.toString(), "channel", "SUBJECT")));
        return issued;
    }

    /** Revokes one of the subject's tokens: from the next call on, a call with it is refused. */
    @Transactional
    public ConsentTokenView revoke(@Nullable String session, UUID tokenId) {
        Session subject = require(session);
        ConsentTokenView token = records.find(tokenId, subject.subjectHash());
        if (token == null) {
            throw refused(subject, "product.subject.consent-token.revoke", tokenId, "not_found",
                    QuanyunException.notFound("consent token", tokenId));
        }
        if (!token.revocable()) {
            throw refused(subject, "product.subject.consent-token.revoke", tokenId, "consent_token_not_valid",
                    new QuanyunException(ErrorCode.CONSENT_TOKEN_INVALID,
                            "The token is " + token.state().toLowerCase(java.util.Locale.ROOT) + " already"));
        }
        records.revoke(tokenId, "subject via " + subject.provider());
        audit.record(new AuditEvent(provider(subject.provider()), "product.subject.consent-token.revoke",
                "consent-token", tokenId.toString(), io.quanyun.audit.Outcome.SUCCESS, null,
                Map.of("product", token.productId().toString(), "consumer", token.consumerId().toString(),
                        "subjectHash", subject.subjectHash())));
        return records.find(tokenId, subject.subjectHash());
    }

    private @Nullable Session find(@Nullable String session) {
        if (session == null || !session.startsWith(SESSION_PREFIX) || session.length() > 100) {
            return null;
        }
        String key = Sm3.hex(session);
        Session found = sessions.get(key);
        if (found != null && !found.expiresAt().isAfter(clock.instant())) {
            sessions.remove(key);
            return null;
        }
        return found;
    }

    private Session require(@Nullable String session) {
        Session found = find(session);
        if (found == null) {
            audit.recordIndependently(new AuditEvent(provider(null), "product.subject.session.use", "subject", "",
                    io.quanyun.audit.Outcome.REFUSED, "subject_session_invalid", Map.of()));
            throw new QuanyunException(ErrorCode.SUBJECT_SESSION_INVALID, ErrorCode.SUBJECT_SESSION_INVALID.titleEn())
                    .markAudited();
        }
        return found;
    }

    private QuanyunException refused(Session subject, String action, @Nullable Object objectId, String reason,
            QuanyunException exception) {
        audit.recordIndependently(new AuditEvent(provider(subject.provider()), action, "product",
                objectId == null ? "" : objectId.toString(), io.quanyun.audit.Outcome.REFUSED, reason,
                Map.of("subjectHash", subject.subjectHash())));
        return exception.markAudited();
    }

    /** The actor of a subject's act: the person, authenticated by the identity provider, named by no identifier. */
    private static Actor provider(@Nullable String provider) {
        return new Actor(null, "data-subject", null, provider == null ? "" : provider, null, Set.of(), null);
    }
}
