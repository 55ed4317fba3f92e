package io.quanyun.product;

/** The six forms of a data product (Art. 3). */
public enum ProductForm {
    /** 数据组件. */
    DATA_COMPONENT,
    /** 数据模型: a model trained inside the sandbox, served as a score. */
    DATA_MODEL,
    /** 数据核验: a yes/no answer about a subject, never the data behind it. */
    DATA_VERIFICATION,
    /** 数据服务: a published statistic. */
    DATA_SERVICE,
    /** 数据工具. */
    DATA_TOOL,
    /** 数据报告. */
    DATA_REPORT
}
