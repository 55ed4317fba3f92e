package io.quanyun.shared;

import org.springframework.http.HttpStatus;

/**
 * Stable error codes of the platform, grouped by kind. The code string is part of the public API
 * ({@code urn:quanyun:error:<code>}) and never changes once released.
 */
public enum ErrorCode {
    // user errors
    VALIDATION_FAILED(Kind.USER, "validation_failed", "输入不符合要求", "The input is not valid"),
    MALFORMED_REQUEST(Kind.USER, "malformed_request", "请求格式错误", "The request could not be read"),
    INVALID_CREDIT_CODE(Kind.USER, "invalid_credit_code", "统一社会信用代码无效", "The unified social credit code is not valid"),
    UNSUPPORTED_MEDIA_TYPE(Kind.MEDIA_TYPE, "unsupported_media_type", "不支持的内容类型", "The content type is not supported"),
    // authentication
    UNAUTHENTICATED(Kind.UNAUTHENTICATED, "unauthenticated", "需要登录", "Authentication is required"),
    BAD_CREDENTIALS(Kind.UNAUTHENTICATED, "bad_credentials", "用户名或密码错误", "Unknown user or wrong password"),
    ACCOUNT_LOCKED(Kind.LOCKED, "account_locked", "账户已临时锁定", "The account is temporarily locked"),
    TOKEN_INVALID(Kind.UNAUTHENTICATED, "token_invalid", "令牌无效或已过期", "The token is invalid or has expired"),
    // permission
    FORBIDDEN(Kind.FORBIDDEN, "forbidden", "无权执行此操作", "You are not allowed to do this"),
    MAINTAINER_MAY_NOT_OPERATE(Kind.FORBIDDEN, "maintainer_may_not_operate",
            "平台运维机构不得同时作为运营单位（第十一条）",
            "The platform maintainer may not act as an operator (Art. 11)"),
    // not found
    NOT_FOUND(Kind.NOT_FOUND, "not_found", "对象不存在", "The object does not exist"),
    // conflicts
    DUPLICATE(Kind.CONFLICT, "duplicate", "对象已存在", "The object already exists"),
    ILLEGAL_STATE_TRANSITION(Kind.CONFLICT, "illegal_state_transition", "当前状态不允许此操作",
            "This action is not allowed in the current state"),
    CONCURRENT_MODIFICATION(Kind.CONFLICT, "concurrent_modification", "对象已被他人修改，请刷新后重试",
            "The object was changed by someone else; reload and try again"),
    // ---- catalog (issue 3): add codes below this line
    // ---- authorization (issue 4): add codes below this line
    APPLICATION_WINDOW_CLOSED(Kind.POLICY, "application_window_closed", "不在申报期内",
            "The application window is not open"),
    APPLICATION_WINDOW_OPEN(Kind.CONFLICT, "application_window_open", "申报期尚未结束",
            "The application window has not closed yet"),
    REQUIRED_DOCUMENT_MISSING(Kind.USER, "required_document_missing", "缺少必需的申报材料",
            "A required document is missing"),
    DOCUMENT_REJECTED(Kind.USER, "document_rejected", "申报材料不符合要求（类型或大小）",
            "A document was refused (type, content or size)"),
    APPLICATION_EXISTS(Kind.CONFLICT, "application_exists", "本单位已对该公告提交申报",
            "This organization has already applied to this call"),
    CORE_DATA_NOT_AUTHORIZABLE(Kind.POLICY, "core_data_not_authorizable", "核心数据不得纳入授权范围",
            "Core data can never be authorized"),
    REVIEW_CRITERIA_INVALID(Kind.USER, "review_criteria_invalid", "评审标准缺失或权重之和不为100",
            "Review criteria are missing or their weights do not sum to 100"),
    CONFLICT_OF_INTEREST(Kind.FORBIDDEN, "conflict_of_interest", "评审专家存在利益冲突，已回避",
            "The expert has a conflict of interest and is excluded"),
    REVIEW_SEALED(Kind.CONFLICT, "review_sealed", "评审尚未全部提交，评分处于密封状态",
            "Scores are sealed until every panel member has submitted"),
    AGREEMENT_TEMPLATE_INCOMPLETE(Kind.USER, "agreement_template_incomplete", "协议范本缺少第九条规定的条款",
            "The agreement template lacks clauses required by Art. 9"),
    NO_CURRENT_TEMPLATE(Kind.CONFLICT, "no_current_template", "尚无现行协议范本",
            "There is no current agreement template"),
    NOTICE_PERIOD_RUNNING(Kind.CONFLICT, "notice_period_running", "公示期尚未结束",
            "The public notice period has not ended"),
    NOTICE_PERIOD_ENDED(Kind.POLICY, "notice_period_ended", "公示期已结束",
            "The public notice period has ended"),
    OBJECTIONS_PENDING(Kind.CONFLICT, "objections_pending", "尚有未答复的异议",
            "Objections are still waiting for an answer"),
    SIGNATURE_OUT_OF_ORDER(Kind.CONFLICT, "signature_out_of_order", "签署顺序不符：须运营单位先签、授权方后签",
            "Signatures go in order: the operator first, then the authorizer"),
    DOCUMENT_TAMPERED(Kind.POLICY, "document_tampered", "协议文件与签署时的SM3摘要不符",
            "The agreement document does not match its SM3 hash"),
    // ---- access (issue 5): add codes below this line
    AGREEMENTS_UNAVAILABLE(Kind.CONFLICT, "agreements_unavailable", "授权运营协议服务尚不可用，暂不能申请数据",
            "Agreements are not available yet; data cannot be requested"),
    AGREEMENT_NOT_ACTIVE(Kind.CONFLICT, "agreement_not_active", "授权运营协议未生效、已到期或已终止",
            "The agreement is not active, has expired or was terminated"),
    DATASET_OUTSIDE_AGREEMENT(Kind.POLICY, "dataset_outside_agreement", "数据集不在授权运营协议范围内",
            "The dataset is outside the agreement's scope"),
    DATASET_NOT_PUBLISHED(Kind.POLICY, "dataset_not_published", "数据集未发布或已撤回", "The dataset is not published"),
    UNKNOWN_FIELD(Kind.USER, "unknown_field", "数据集没有该字段", "The dataset has no such field"),
    CONSENT_REQUIRED(Kind.POLICY, "consent_required", "申请敏感个人信息须说明同意覆盖的用途（第六条）",
            "Sensitive personal fields need a consent purpose (Art. 6)"),
    ALREADY_DECIDED(Kind.CONFLICT, "already_decided", "本轮已作出审批意见，不可重复审批",
            "This party has already decided in this round"),
    GRANT_EXPIRED(Kind.CONFLICT, "grant_expired", "数据使用授权已到期", "The grant has expired"),
    // ---- sandbox (issue 5): add codes below this line
    // ---- product (issue 6): add codes below this line
    // ---- supervision (issue 7): add codes below this line
    RECTIFICATION_OVERDUE(Kind.CONFLICT, "rectification_overdue", "整改期限已过",
            "The deadline of the rectification order has passed"),
    RECTIFICATION_NOT_DUE(Kind.CONFLICT, "rectification_not_due", "整改期限未到",
            "The deadline of the rectification order has not come yet"),
    EVIDENCE_TOO_LARGE(Kind.USER, "evidence_too_large", "证明材料文件过大", "The evidence file is too large"),
    EVALUATION_INCOMPLETE(Kind.CONFLICT, "evaluation_incomplete", "评估打分尚不完整",
            "Some operators lack a score for a criterion"),
    // internal
    INTERNAL_ERROR(Kind.INTERNAL, "internal_error", "系统内部错误", "Internal error");

    /** The kind of an error decides its HTTP status. */
    public enum Kind {
        USER(HttpStatus.BAD_REQUEST),
        MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
        UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
        LOCKED(HttpStatus.LOCKED),
        FORBIDDEN(HttpStatus.FORBIDDEN),
        NOT_FOUND(HttpStatus.NOT_FOUND),
        CONFLICT(HttpStatus.CONFLICT),
        POLICY(HttpStatus.UNPROCESSABLE_CONTENT),
        INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR);

        private final HttpStatus status;

        Kind(HttpStatus status) {
            this.status = status;
        }

        public HttpStatus status() {
            return status;
        }
    }

    private final Kind kind;
    private final String code;
    private final String titleZh;
    private final String titleEn;

    ErrorCode(Kind kind, String code, String titleZh, String titleEn) {
        this.kind = kind;
        this.code = code;
        this.titleZh = titleZh;
        this.titleEn = titleEn;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String titleZh() {
        return titleZh;
    }

    public String titleEn() {
        return titleEn;
    }

    public String type() {
        return "urn:quanyun:error:" + code;
    }

    public HttpStatus status() {
        return kind.status();
    }
}
