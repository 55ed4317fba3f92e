package io.quanyun.product;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.quanyun.audit.Outcome;
import io.quanyun.audit.Sm3;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.SubjectHash;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers product calls ({@code POST /api/v1/products/{id}/calls}) made with a subscription's API key. In order:
 * the key (unknown, revoked, or of another product: 401), the product (not listed or its grant not active: 409),
 * the rate limit and the monthly quota (429 with Retry-After), for charged per-call products the operator's
 * permitted maximum revenue of the year (422 {@code revenue_maximum_reached}), the body and the named inputs
 * (400 with each problem), the subject's consent (a consent record for the product's purpose and operator, or a
 * consent token the subject issued for this product and caller: 422 otherwise), then the answer: a verification
 * product's from its index, a model product's (one input, {@code subject}) the latest model's score of the entity
 * or not found.
 * Every call, answered or refused, is metered and audited through the {@link CallLedger} before the response
 * leaves; the subject appears only as its keyed hash. No stored value is ever returned.
 */
@Service
public class ProductCalls {

    static final String KEY_PREFIX = "qyc_";
    private static final Set<String> FIELDS = Set.of("inputs", "consentToken");
    /** The one input of a model product's call: the entity's identifier (only its keyed hash is used). */
    static final String MODEL_SUBJECT = "subject";
    /** The metered answer of a model call that found the entity's score. */
    static final String MODEL_SCORED = "SCORED";
    /** The metered answer of a model call whose model has no score for the entity. */
    static final String MODEL_NOT_FOUND = "NOT_FOUND";

    private final CallDirectory directory;
    private final CallGates gates;
    private final CallLedger ledger;
    private final VerificationIndex index;
    private final ModelScoring scoring;
    private final ConsentRegistry consents;
    private final ConsentTokens tokens;
    private final SubjectHash subjectHash;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final boolean benchMode;
    private final ConsentAnswers consentAnswers;

    ProductCalls(CallDirectory directory, CallGates gates, CallLedger ledger, VerificationIndex index,
            ModelScoring scoring, ConsentRegistry consents, ConsentAnswers consentAnswers, ConsentTokens tokens,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${quanyun.bench.enabled:false}") boolean benchMode) {
        this.benchMode = benchMode;
        this.directory = directory;
        this.gates = gates;
        this.ledger = ledger;
        this.index = index;
        this.scoring = scoring;
        this.consents = consents;
        this.consentAnswers = consentAnswers;
        this.tokens = tokens;
        this.subjectHash = consents.subjectHash();
        this.clock = clock;
    }

    /**
     * A call answered or refused, its meter row and audit place queued with the {@link CallLedger}.
     *
     * @param response what the caller is to get, once {@code metered} completed normally; never before
     * @param metered completes (on the ledger's thread) when the call's meter row and audit place are committed,
     *        exceptionally when they could not be: the caller then gets an internal error instead
     */
    public record PendingCall(CallResponse response, CompletableFuture<Void> metered) {
    }

    /** The future of the call's meter row that {@link #record} queued on this thread, for {@link #start}. */
    private static final ThreadLocal<CompletableFuture<Void>> SUBMITTED = new ThreadLocal<>();

    /**
     * Answers the call and waits until it is metered and audited.
     *
     * @param apiKey the {@code X-Api-Key} header, null when missing
     * @param body the request body as sent (parsed here, so that a malformed body is metered too)
     * @param clientAddress the caller's address, for the audit entry
     * @throws io.quanyun.shared.QuanyunException internal error when the call could not be metered and audited
     */
    public CallResponse call(UUID productId, @Nullable String apiKey, byte[] body, @Nullable String clientAddress) {
        PendingCall pending = start(productId, apiKey, body, clientAddress);
        CallLedger.await(pending.metered());
        return pending.response();
    }

    /**
     * Answers the call and queues its metering without waiting for it: the request path of a servlet container
     * hands the response over when {@link PendingCall#metered()} completes (see the ADR "Product call responses
     * completed by the ledger"). An answered call whose metering fails gives its quota and revenue back, as a
     * call that failed before its answer.
     */
    public PendingCall start(UUID productId, @Nullable String apiKey, byte[] body, @Nullable String clientAddress) {
        SUBMITTED.remove();
        try {
            CallResponse response = answerCall(productId, apiKey, body, clientAddress);
            CompletableFuture<Void> metered = SUBMITTED.get();
            if (metered == null) {
                throw new IllegalStateException("the call was not metered");
            }
            return new PendingCall(response, metered);
        } finally {
            SUBMITTED.remove();
        }
    }

    /** The error a caller gets instead of the answer when its call could not be metered and audited. */
    public static io.quanyun.shared.QuanyunException meteringFailed() {
        return CallLedger.meteringFailed();
    }

    private CallResponse answerCall(UUID productId, @Nullable String apiKey, byte[] body,
            @Nullable String clientAddress) {
        Instant at = clock.instant();
        UUID callId = newCallId(at.toEpochMilli());
        CallDirectory.KeyEntry key = apiKey == null || !apiKey.startsWith(KEY_PREFIX) || apiKey.length() > 100 ? null
                : directory.key(Sm3.hex(apiKey));
        if (key == null || !key.productId().equals(productId)) {
            Actor anonymous = Actor.anonymous(clientAddress);
            return record(new Call(callId, at, productId, null, anonymous, null), CallOutcome.KEY_INVALID, null,
                    List.of(), 0, "The API key is unknown, revoked or not for this product");
        }
        Actor caller = new Actor(null, "api-key:" + key.keyId(), key.consumerId(), key.consumerName(),
                OrganizationType.CONSUMER, Set.of(), clientAddress);
        Call call = new Call(callId, at, productId, key, caller, null);
        CallDirectory.ProductEntry product = directory.product(productId);
        if (product == null || !product.answering()) {
            return record(call, CallOutcome.NOT_LISTED, null, List.of(), 0,
                    "The product is not listed, or its grant is not active");
        }
        long wait = gates.acquireRate(key.subscriptionId(), key.ratePerSecond());
        if (wait > 0) {
            return record(call, CallOutcome.RATE_LIMITED, null, List.of(), CallGates.retryAfterSeconds(wait),
                    "At most " + key.ratePerSecond() + " calls per second");
        }
        if (!gates.reserveQuota(key.subscriptionId(), key.monthlyQuota())) {
            return record(call, CallOutcome.QUOTA_EXCEEDED, null, List.of(), gates.secondsUntilNextMonth(),
                    "The monthly quota of " + key.monthlyQuota() + " answered calls is used up");
        }
        ProductView view = product.view();
        java.math.BigDecimal fee = chargedPerCall(view);
        if (fee != null && !gates.reserveRevenue(view.operatorId(), fee)) {
            gates.releaseQuota(key.subscriptionId());
            return record(call, CallOutcome.REVENUE_MAXIMUM_REACHED, null, List.of(), 0,
                    "The operator's revenue has reached the maximum the authority permits for the year");
        }
        boolean answered = false;
        try {
            CallResponse response = answer(call, view, body);
            answered = response.outcome() == CallOutcome.ANSWERED;
            if (answered) {
                SUBMITTED.get().whenComplete((committed, failure) -> {
                    if (failure != null) { // the caller gets an internal error, not the answer
                        gates.releaseQuota(key.subscriptionId());
                        if (fee != null) {
                            gates.releaseRevenue(view.operatorId(), fee);
                        }
                    }
                });
            }
            return response;
        } finally {
            if (!answered) {
                gates.releaseQuota(key.subscriptionId());
                if (fee != null) {
                    gates.releaseRevenue(view.operatorId(), fee);
                }
            }
        }
    }

    /**
     * A time-ordered (version 7, RFC 9562) call id: the call's Unix time in milliseconds in the first 48 bits, then
     * 74 random bits from a per-thread DRBG ({@link UUID#randomUUID()} draws from one process-wide
     * {@code SecureRandom} behind a lock, which 64 concurrent callers queue on). Ids of successive calls sort
     * together, so the meter table's primary key and its indexes grow at their end instead of touching a random
     * page of the whole tree on every insert (see the ADR "Product call request path"). The time in the id is the
     * call's own time, which its caller already knows; the random part keeps ids unguessable.
     */
    static UUID newCallId(long epochMillis) {
        return CALL_IDS.get().next(epochMillis);
    }

    /**
     * A thread's source of call ids: random bytes drawn from its DRBG for 32 ids at a time (one generate call of
     * the DRBG costs about as much as the bytes it returns, so drawing once per id doubled the cost).
     */
    private static final class CallIdBytes {

        private static final int IDS = 32;
        private final java.security.SecureRandom random;
        private final byte[] bytes = new byte[IDS * 10];
        private int next = IDS;

        CallIdBytes(java.security.SecureRandom random) {
            this.random = random;
        }

        UUID next(long epochMillis) {
            if (next == IDS) {
                random.nextBytes(bytes);
                next = 0;
            }
            int o = next * 10;
            next++;
            long randA = ((bytes[o] & 0xffL) << 8 | (bytes[o + 1] & 0xffL)) & 0x0fffL;
            long most = (epochMillis & 0xffff_ffff_ffffL) << 16 | 0x7000L | randA;
            long least = 0;
            for (int i = o + 2; i < o + 10; i++) {
                least = (least << 8) | (bytes[i] & 0xff);
            }
            least = (least & 0x3fff_ffff_ffff_ffffL) | 0x8000_0000_0000_0000L; // IETF variant
            return new UUID(most, least);
        }
    }

    private static final ThreadLocal<CallIdBytes> CALL_IDS = ThreadLocal.withInitial(() -> {
        try {
            return new CallIdBytes(java.security.SecureRandom.getInstance("DRBG"));
        } catch (java.security.NoSuchAlgorithmException e) {
            return new CallIdBytes(new java.security.SecureRandom());
        }
    });

    /**
     * The benchmark's baseline, in bench mode only ({@code quanyun.bench.enabled=true}): the same body parsing,
     * keyed hash and index lookup as a call, with no key, product, limit or consent check, no metering and no
     * audit. Outside bench mode it refuses.
     */
    public VerificationAnswer bareLookup(UUID productId, byte[] body) {
        if (!benchMode) {
            throw io.quanyun.shared.QuanyunException.forbidden("The bare lookup exists in bench mode only");
        }
        CallDirectory.ProductEntry product = directory.product(productId);
        if (product == null || product.view().verification() == null) {
            throw io.quanyun.shared.QuanyunException.notFound("product", productId);
        }
        VerificationDefinition definition = product.view().verification();
        try {
            JsonNode inputs = json.readTree(body).get("inputs");
            String subject = inputs.get(definition.subjectField()).stringValue();
            String value = inputs.get(definition.attributeField()).stringValue();
            VerificationAnswer answer = index.answer(productId, definition, subjectHash.of(subject), value);
            if (answer == null) {
                throw new io.quanyun.shared.QuanyunException(io.quanyun.shared.ErrorCode.VERIFICATION_INDEX_NOT_READY,
                        "The index is not built yet");
            }
            return answer;
        } catch (JacksonException | NullPointerException e) {
            throw io.quanyun.shared.QuanyunException.invalid(List.of(new Violation("body", "malformed")));
        }
    }

    /** The names of a verification product's inputs: its subject field, then its attribute field. */
    static List<String> inputsOf(@Nullable VerificationDefinition definition) {
        return definition == null ? List.of() : List.of(definition.subjectField(), definition.attributeField());
    }

    /** The names of a product's call inputs: a verification's two fields, a model's subject identifier. */
    static List<String> inputsOf(ProductView product) {
        return product.form() == ProductForm.DATA_MODEL ? List.of(MODEL_SUBJECT) : inputsOf(product.verification());
    }

    /**
     * The fee of one answered call when the product charges per call, else null: such calls count against the
     * operator's permitted maximum revenue of the year as they are answered.
     */
    static java.math.@Nullable BigDecimal chargedPerCall(ProductView product) {
        return product.pricingModel() == PricingModel.PER_CALL && product.fee() != null && product.fee().signum() > 0
                ? product.fee() : null;
    }

    private CallResponse answer(Call call, ProductView product, byte[] body) {
        if (product.form() == ProductForm.DATA_MODEL) {
            return score(call, product, body);
        }
        VerificationDefinition definition = product.verification();
        if (definition == null || product.consentPurpose() == null) {
            return record(call, CallOutcome.NOT_LISTED, null, List.of(), 0, "The product answers no calls");
        }
        JsonNode root = jsonObject(body);
        if (root == null) {
            return record(call, CallOutcome.MALFORMED, null,
                    List.of(new Violation("body", "须为JSON对象 {\"inputs\":{...}} (a JSON object is required)")), 0,
                    "The body is not a JSON object");
        }
        List<Violation> problems = unknownFields(root);
        JsonNode inputs = root.get("inputs");
        String subject = null;
        String value = null;
        if (inputs == null || !inputs.isObject()) {
            problems.add(new Violation("inputs", "须为对象，包含 " + inputsOf(definition) + " (an object is required)"));
        } else {
            for (Map.Entry<String, JsonNode> input : inputs.properties()) {
                if (!inputsOf(definition).contains(input.getKey())) {
                    problems.add(new Violation("inputs." + input.getKey(), "本产品没有该输入 (no such input)"));
                }
            }
            subject = text(inputs, definition.subjectField(), problems);
            value = text(inputs, definition.attributeField(), problems);
            if (subject != null && !IdentityNumbers.isValid(subject.trim())) {
                problems.add(new Violation("inputs." + definition.subjectField(),
                        "身份号码校验不通过 (GB 11643 check failed)"));
            }
            if (value != null && !validValue(definition.comparison(), value)) {
                problems.add(new Violation("inputs." + definition.attributeField(),
                        definition.comparison() == VerificationComparison.ON_OR_AFTER
                                ? "须为yyyy-MM-dd格式的日期 (an ISO date)" : "须为1至200个字符 (1 to 200 characters)"));
            }
        }
        JsonNode tokenNode = root.get("consentToken");
        if (tokenNode != null && !tokenNode.isNull() && !tokenNode.isString()) {
            problems.add(new Violation("consentToken", "须为字符串 (a string is required)"));
        }
        if (!problems.isEmpty() || subject == null || value == null) {
            return record(call, CallOutcome.INVALID_INPUT, null, problems, 0,
                    problems.size() + " problem(s) with the inputs");
        }
        String hash = subjectHash.of(subject);
        Call withSubject = call.about(hash);
        CallResponse refused = consent(withSubject, product, subject, hash, tokenNode);
        if (refused != null) {
            return refused;
        }
        VerificationAnswer answer = index.answer(product.id(), definition, hash, value);
        if (answer == null) {
            return record(withSubject, CallOutcome.INDEX_NOT_READY, null, List.of(), 0, "The index is not built yet");
        }
        return record(withSubject, CallOutcome.ANSWERED, answer, List.of(), 0, "");
    }

    /**
     * The subject's consent: the consent token when one is sent (for this product, caller and subject, not
     * expired), else a consent record for the product's purpose and operator (none without a purpose).
     *
     * @return the refusal, or null when consent covers the call
     */
    private @Nullable CallResponse consent(Call call, ProductView product, String subject, String hash,
            @Nullable JsonNode tokenNode) {
        String token = tokenNode == null || tokenNode.isNull() ? null : tokenNode.stringValue();
        CallDirectory.KeyEntry key = call.key();
        if (token != null) {
            ConsentTokens.Claims claims = tokens.read(token);
            if (claims == null || !claims.productId().equals(product.id())
                    || !claims.consumerId().equals(key.consumerId()) || !claims.subjectHash().equals(hash)
                    || !claims.expiresAt().isAfter(call.at())) {
                return record(call, CallOutcome.CONSENT_TOKEN_INVALID, null, List.of(), 0,
                        "The consent token does not authorize this call");
            }
            return tokens.isRevoked(claims) ? record(call, CallOutcome.CONSENT_TOKEN_REVOKED, null, List.of(), 0, "The subject revoked the consent token") : null; // prodfn: revocation hook
        }
        String purpose = product.consentPurpose();
        boolean consented = purpose != null && consentAnswers.consented(subject, hash, purpose, product.operatorId());
        return consented ? null : record(call, CallOutcome.CONSENT_MISSING, null, List.of(), 0,
                "No consent record or consent token covers the subject");
    }

    /** The body as a JSON object, or null when it is empty, not JSON or not an object. */
    private @org.jspecify.annotations.Nullable JsonNode jsonObject(byte[] body) {
        try {
            JsonNode root = body.length == 0 ? null : json.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A violation for each top-level field a call does not know. */
    private static List<Violation> unknownFields(JsonNode root) {
        List<Violation> problems = new ArrayList<>();
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problems.add(new Violation(name, "未知字段 (unknown field)"));
            }
        }
        return problems;
    }

    /**
     * A model product's call: the one input names the subject's identifier; the answer is the latest model's
     * score of the entity, or not found, looked up by the identifier's keyed hash. Never a stored value.
     */
    private CallResponse score(Call call, ProductView product, byte[] body) {
        JsonNode root = jsonObject(body);
        if (root == null) {
            return record(call, CallOutcome.MALFORMED, null,
                    List.of(new Violation("body", "须为JSON对象 {\"inputs\":{...}} (a JSON object is required)")), 0,
                    "The body is not a JSON object");
        }
        List<Violation> problems = unknownFields(root);
        JsonNode inputs = root.get("inputs");
        String subject = null;
        if (inputs == null || !inputs.isObject()) {
            problems.add(new Violation("inputs", "须为对象，包含 [" + MODEL_SUBJECT + "] (an object is required)"));
        } else {
            for (Map.Entry<String, JsonNode> input : inputs.properties()) {
                if (!MODEL_SUBJECT.equals(input.getKey())) {
                    problems.add(new Violation("inputs." + input.getKey(), "本产品没有该输入 (no such input)"));
                }
            }
            subject = text(inputs, MODEL_SUBJECT, problems);
            if (subject != null && (subject.isBlank() || subject.length() > 64)) {
                problems.add(new Violation("inputs." + MODEL_SUBJECT,
                        "标识必填，最多64字 (the subject identifier is required, at most 64 characters)"));
            }
        }
        JsonNode tokenNode = root.get("consentToken");
        if (tokenNode != null && !tokenNode.isNull() && !tokenNode.isString()) {
            problems.add(new Violation("consentToken", "须为字符串 (a string is required)"));
        }
        if (!problems.isEmpty() || subject == null) {
            return record(call, CallOutcome.INVALID_INPUT, null, problems, 0,
                    problems.size() + " problem(s) with the inputs");
        }
        String hash = subjectHash.of(subject);
        Call withSubject = call.about(hash);
        CallResponse refused = consent(withSubject, product, subject, hash, tokenNode);
        if (refused != null) {
            return refused;
        }
        ModelScore score = scoring.scoreByHash(product.id(), hash);
        if (score == null) {
            return record(withSubject, CallOutcome.MODEL_NOT_READY, null, List.of(), 0, "The model is not trained yet");
        }
        return record(withSubject, CallOutcome.ANSWERED, null, score, List.of(), 0, "");
    }

    private static @Nullable String text(JsonNode inputs, String name, List<Violation> problems) {
        JsonNode node = inputs.get(name);
        if (node == null || node.isNull()) {
            problems.add(new Violation("inputs." + name, "必填 (required)"));
            return null;
        }
        if (!node.isString()) {
            problems.add(new Violation("inputs." + name, "须为字符串 (a string is required)"));
            return null;
        }
        return node.stringValue();
    }

    private static boolean validValue(VerificationComparison comparison, String value) {
        return switch (comparison) {
            case EQUALS -> !value.isBlank() && value.length() <= 200;
            case ON_OR_AFTER -> {
                try {
                    LocalDate.parse(value.trim());
                    yield true;
                } catch (DateTimeParseException e) {
                    yield false;
                }
            }
        };
    }

    private CallResponse record(Call call, CallOutcome outcome, @Nullable VerificationAnswer answer,
            List<Violation> violations, long retryAfter, String detail) {
        return record(call, outcome, answer, null, violations, retryAfter, detail);
    }

    private CallResponse record(Call call, CallOutcome outcome, @Nullable VerificationAnswer answer,
            @Nullable ModelScore score, List<Violation> violations, long retryAfter, String detail) {
        String answerName = answer != null ? answer.name()
                : score == null ? null : score.found() ? MODEL_SCORED : MODEL_NOT_FOUND;
        CallDirectory.KeyEntry key = call.key();
        SUBMITTED.set(ledger.submit(new CallLedger.CallRecord(call.id(), call.productId(), key == null ? null : key.subscriptionId(),
                key == null ? null : key.keyId(), key == null ? null : key.consumerId(), call.at(), outcome, answerName,
                call.subjectHash(), call.caller(), outcome.refused() ? outcome.code().code() + ": " + detail : null,
                score == null ? null : score.revision())));
        return new CallResponse(call.id(), outcome, answer, List.copyOf(violations), retryAfter, detail, score);
    }

    private record Call(UUID id, Instant at, UUID productId, CallDirectory.@Nullable KeyEntry key, Actor caller,
            @Nullable String subjectHash) {

        Call about(String hash) {
            return new Call(id, at, productId, key, caller, hash);
        }
    }
}
