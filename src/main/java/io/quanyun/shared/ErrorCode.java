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
    // ---- access (issue 5): add codes below this line
    // ---- sandbox (issue 5): add codes below this line
    // ---- product (issue 6): add codes below this line
    // ---- supervision (issue 7): add codes below this line
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
