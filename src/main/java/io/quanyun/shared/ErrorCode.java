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
    INGESTION_REFUSED(Kind.USER, "ingestion_refused", "数据文件未通过检查，当前版本保持不变",
            "The file was refused; the current version still serves"),
    INGESTION_FAILED(Kind.INTERNAL, "ingestion_failed", "数据导入失败，当前版本保持不变",
            "The ingestion failed; the current version still serves"),
    INVALID_SUBJECT_IDENTIFIER(Kind.USER, "invalid_subject_identifier", "数据主体标识无效（身份号码或统一社会信用代码）",
            "The data subject's identifier is not valid (identity number or credit code)"),
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
    PROVIDER_CONCURRENCE_MISSING(Kind.CONFLICT, "provider_concurrence_missing",
            "分领域授权公告须经数据提供单位会同确认后方可发布", "A domain-specific call needs its provider's concurrence "
            + "before it is published"),
    GRADE_EXCEEDED(Kind.POLICY, "grade_exceeded", "数据集分级高于分级授权公告的授权级别",
            "A dataset's classification is above the graded call's level"),
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
    // one code per sandbox RefusalRule (docs/sandbox-refusals.md); the code is the rule's name in lower case
    SANDBOX_SYNTAX(Kind.POLICY, "syntax", "语法错误", "The query has a syntax error"),
    SANDBOX_MULTIPLE_STATEMENTS(Kind.POLICY, "multiple_statements", "只允许一条语句", "Only one statement is allowed"),
    SANDBOX_NOT_A_SELECT(Kind.POLICY, "not_a_select", "只允许查询语句或派生表语句", "Only SELECT and CREATE TABLE ... AS SELECT are allowed"),
    SANDBOX_TABLE_NOT_GRANTED(Kind.POLICY, "table_not_granted", "引用了未授权的表", "The query references a table that is not granted"),
    SANDBOX_COLUMN_NOT_GRANTED(Kind.POLICY, "column_not_granted", "引用了未授权的字段", "The query references a column that is not granted"),
    SANDBOX_INVALID_QUERY(Kind.POLICY, "invalid_query", "查询无效", "The query is not valid"),
    SANDBOX_FUNCTION_NOT_ALLOWED(Kind.POLICY, "function_not_allowed", "使用了不允许的函数", "The query uses a function that is not allowed"),
    SANDBOX_AGGREGATE_NOT_ALLOWED(Kind.POLICY, "aggregate_not_allowed", "使用了不允许的聚合函数", "The query uses an aggregate function that is not allowed"),
    SANDBOX_WINDOW_FUNCTION(Kind.POLICY, "window_function", "不允许使用窗口函数", "Window functions are not allowed"),
    SANDBOX_OPERATOR_NOT_ALLOWED(Kind.POLICY, "operator_not_allowed", "使用了不允许的查询结构", "The query uses a construct that is not allowed"),
    SANDBOX_SET_OPERATION_NOT_ALLOWED(Kind.POLICY, "set_operation_not_allowed", "只允许合规聚合结果的 UNION ALL", "Only UNION ALL of compliant aggregates is allowed"),
    SANDBOX_RAW_ROWS(Kind.POLICY, "raw_rows", "结果必须是聚合结果", "The result must be an aggregate, not rows"),
    SANDBOX_NESTED_AGGREGATE(Kind.POLICY, "nested_aggregate", "不允许嵌套聚合", "Aggregates over aggregates are not allowed"),
    SANDBOX_IDENTIFIER_IN_OUTPUT(Kind.POLICY, "identifier_in_output", "直接标识符不得输出", "Direct identifiers may not be output"),
    SANDBOX_IDENTIFIER_AS_GROUP_KEY(Kind.POLICY, "identifier_as_group_key", "直接标识符不得作为分组键", "Direct identifiers may not be group keys"),
    SANDBOX_IDENTIFIER_IN_PREDICATE(Kind.POLICY, "identifier_in_predicate", "直接标识符不得用于条件比较", "Direct identifiers may not be compared"),
    SANDBOX_IDENTIFIER_IN_EXPRESSION(Kind.POLICY, "identifier_in_expression", "直接标识符不得用于计算", "Direct identifiers may not be passed to functions"),
    SANDBOX_SENSITIVE_AS_GROUP_KEY(Kind.POLICY, "sensitive_as_group_key", "敏感属性不得作为分组键", "Sensitive attributes may not be group keys"),
    SANDBOX_MEASURE_NOT_BARE(Kind.POLICY, "measure_not_bare", "度量字段只能直接作为聚合参数", "Measures may only be bare arguments of aggregates"),
    SANDBOX_MEASURE_WITHOUT_BOUNDS(Kind.POLICY, "measure_without_bounds", "度量字段未配置取值边界", "The measure has no contribution bounds"),
    SANDBOX_DISTINCT_NOT_ON_PRIVACY_UNIT(Kind.POLICY, "distinct_not_on_privacy_unit", "去重计数只能用于个体标识", "COUNT(DISTINCT) is only allowed on the privacy unit"),
    SANDBOX_EXPRESSION_OVER_AGGREGATE(Kind.POLICY, "expression_over_aggregate", "不允许对聚合结果再计算", "Expressions over aggregates are not allowed"),
    SANDBOX_JOIN_NOT_ON_PRIVACY_UNIT(Kind.POLICY, "join_not_on_privacy_unit", "只允许按个体标识等值连接", "Joins are only allowed on the privacy unit key"),
    SANDBOX_NO_PRIVACY_UNIT(Kind.POLICY, "no_privacy_unit", "数据没有个体标识", "The data has no privacy unit"),
    SANDBOX_LIMIT_BELOW_AGGREGATE(Kind.POLICY, "limit_below_aggregate", "排序和限制只能用于最终聚合结果", "ORDER BY and LIMIT are only allowed on the final aggregate"),
    SANDBOX_GROUPING_SETS(Kind.POLICY, "grouping_sets", "不允许分组集", "GROUPING SETS, ROLLUP and CUBE are not allowed"),
    SANDBOX_HAVING_NOT_ALLOWED(Kind.POLICY, "having_not_allowed", "差分隐私模式下不允许 HAVING", "HAVING is not allowed in differential privacy mode"),
    SANDBOX_GROUP_TOO_SMALL(Kind.POLICY, "group_too_small", "所有分组人数均低于门限", "Every group is below the minimum group size"),
    SANDBOX_BUDGET_EXHAUSTED(Kind.POLICY, "budget_exhausted", "隐私预算已用尽", "The privacy budget is exhausted"),
    SANDBOX_GRANT_SUSPENDED(Kind.POLICY, "grant_suspended", "授权已暂停，查询已停止", "The grant is suspended; queries are stopped"),
    SANDBOX_GRANT_ENDED(Kind.POLICY, "grant_ended", "授权已终止", "The grant has ended"),
    SANDBOX_TIMEOUT(Kind.POLICY, "timeout", "查询超时", "The query ran out of time"),
    SANDBOX_QUERY_CANCELLED(Kind.POLICY, "query_cancelled", "查询已取消", "The query was cancelled"),
    SANDBOX_TOO_MANY_QUERIES(Kind.POLICY, "too_many_queries", "工作区并发查询数已达上限", "The workspace already runs as many queries as allowed"),
    SANDBOX_RESULT_TOO_LARGE(Kind.POLICY, "result_too_large", "结果行数超过上限", "The result has more rows than allowed"),
    SANDBOX_DATA_NOT_AVAILABLE(Kind.POLICY, "data_not_available", "授权数据尚未入库", "The granted data is not in the vault yet"),
    SANDBOX_NOT_A_MEMBER(Kind.FORBIDDEN, "not_a_member", "不是该工作区成员", "You are not a member of this workspace"),
    SANDBOX_TRAINING_REQUIRED(Kind.FORBIDDEN, "training_required", "未取得有效的岗前安全培训（第十六条）",
            "No valid pre-job security training (Art. 16)"),
    SANDBOX_REVIEWER_IS_REQUESTER(Kind.FORBIDDEN, "reviewer_is_requester", "申请人不得审核自己的导出", "The requester may not review the export"),
    SANDBOX_ALREADY_REVIEWED(Kind.CONFLICT, "already_reviewed", "已审核过该导出", "You have already reviewed this export"),
    SANDBOX_EXPORT_NOT_APPROVED(Kind.CONFLICT, "export_not_approved", "导出尚未通过审核", "The export is not approved"),
    SANDBOX_ENGINE_ERROR(Kind.INTERNAL, "engine_error", "分析引擎内部错误", "The analytic engine failed"),
    // ---- product (issue 6): add codes below this line
    PRODUCT_GRANT_NOT_ACTIVE(Kind.CONFLICT, "product_grant_not_active", "产品所依据的数据使用授权不是本单位的有效授权",
            "The product's grant is not an active grant of the operator"),
    FEE_ABOVE_CAP(Kind.POLICY, "fee_above_cap", "服务费高于授权方核定的最高限价",
            "The fee is above the cap price set by the authorizer"),
    SECOND_REVIEWER_REQUIRED(Kind.FORBIDDEN, "second_reviewer_required", "高风险产品须由另一名审核人复核",
            "A high-risk product needs a second, different reviewer"),
    API_KEY_INVALID(Kind.UNAUTHENTICATED, "api_key_invalid", "API密钥无效或已吊销",
            "The API key is invalid or revoked"),
    PRODUCT_NOT_LISTED(Kind.CONFLICT, "product_not_listed", "产品未上架或已暂停", "The product is not listed"),
    SUBJECT_CONSENT_MISSING(Kind.POLICY, "subject_consent_missing", "数据主体未授权本产品用途（第六条）",
            "The data subject has not consented to this product's purpose (Art. 6)"),
    VERIFICATION_INDEX_NOT_READY(Kind.CONFLICT, "verification_index_not_ready", "核验索引尚未建立",
            "The verification index is not built yet"),
    // product: consumers and calls
    CONSUMER_REQUIRED(Kind.FORBIDDEN, "consumer_required", "仅数据产品使用单位可订阅产品",
            "Only a product consumer may subscribe to products"),
    SUBSCRIPTION_EXISTS(Kind.CONFLICT, "subscription_exists", "本单位已订阅该产品", "This organization already subscribes to the product"),
    QUOTA_EXCEEDED(Kind.TOO_MANY_REQUESTS, "quota_exceeded", "本月调用额度已用完",
            "The subscription's monthly call quota is used up"),
    RATE_LIMITED(Kind.TOO_MANY_REQUESTS, "rate_limited", "调用频率超过订阅限速", "Calls exceed the subscription's rate limit"),
    CONSENT_TOKEN_INVALID(Kind.POLICY, "consent_token_invalid", "数据主体授权凭证无效、已过期或不属于本产品和调用方（第六条）",
            "The consent token is invalid, expired, or not for this product and caller (Art. 6)"),
    // product: forms, pricing, listing
    PRODUCT_FORM_MISMATCH(Kind.CONFLICT, "product_form_mismatch", "该操作不适用于此产品形态",
            "This operation does not apply to the product's form"),
    PRODUCT_EXPORT_NOT_USABLE(Kind.CONFLICT, "product_export_not_usable",
            "只能使用本授权下已通过双人审核的导出成果", "Only an approved export made under the product's grant can back it"),
    PRODUCT_NO_REVISION(Kind.CONFLICT, "product_no_revision", "产品尚无已发布的内容",
            "The product has no published revision yet"),
    CAP_PRICE_MISSING(Kind.CONFLICT, "cap_price_missing", "授权方尚未核定最高限价",
            "The authorizer has not set a cap price for this product"),
    REVENUE_MAXIMUM_REACHED(Kind.POLICY, "revenue_maximum_reached", "运营单位本年度收入已达核定上限",
            "The operator's revenue would exceed its permitted maximum for the year"),
    MODEL_TRAINING_REFUSED(Kind.POLICY, "model_training_refused", "模型训练请求不符合要求",
            "The model training request is not acceptable"),
    PRODUCT_CONTENT_REQUIRED(Kind.CONFLICT, "product_content_required",
            "统计和报告产品须先发布首个版本（内容）方可上架", "A statistics or report product is listed only after its first revision"),
    // product: subject consent channel, revocation
    CONSENT_TOKEN_REVOKED(Kind.POLICY, "consent_token_revoked", "数据主体已撤回该授权凭证（第六条）",
            "The data subject revoked the consent token (Art. 6)"),
    SUBJECT_SESSION_INVALID(Kind.UNAUTHENTICATED, "subject_session_invalid",
            "个人授权会话无效或已过期，请通过可信身份服务重新登录",
            "The subject session is invalid or expired: sign in again through the trusted identity provider"),
    IDENTITY_PROVIDER_UNKNOWN(Kind.UNAUTHENTICATED, "identity_provider_unknown", "身份服务机构凭据无效",
            "The identity provider's credential is not valid"),
    // product: request bodies of the subject channel (branch subject)
    BODY_TOO_LARGE(Kind.TOO_LARGE, "body_too_large", "请求体超过允许的大小", "The request body is larger than allowed"),
    // ---- supervision (issue 7): add codes below this line
    RECTIFICATION_OVERDUE(Kind.CONFLICT, "rectification_overdue", "整改期限已过",
            "The deadline of the rectification order has passed"),
    RECTIFICATION_NOT_DUE(Kind.CONFLICT, "rectification_not_due", "整改期限未到",
            "The deadline of the rectification order has not come yet"),
    EVIDENCE_TOO_LARGE(Kind.USER, "evidence_too_large", "证明材料文件过大", "The evidence file is too large"),
    EVALUATION_INCOMPLETE(Kind.CONFLICT, "evaluation_incomplete", "评估打分尚不完整",
            "Some operators lack a score for a criterion"),
    GRANT_UNDER_RECTIFICATION(Kind.CONFLICT, "grant_under_rectification", "该授权因整改通知暂停，整改验收通过后方可恢复",
            "The grant is suspended by an open rectification order and comes back only when the order is accepted"),
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
        TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS),
        TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
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
