package io.quanyun.sandbox;

/**
 * Stable codes of the rules that refuse a query, each with one generic message in Chinese and
 * English. Messages never contain values, column values, engine text, plans, timings or row counts.
 */
public enum RefusalRule {
    /** The text does not parse. */
    SYNTAX("语法错误", "The query has a syntax error"),
    /** More than one statement. */
    MULTIPLE_STATEMENTS("只允许一条语句", "Only one statement is allowed"),
    /** Not a SELECT or CREATE TABLE ... AS SELECT. */
    NOT_A_SELECT("只允许查询语句或派生表语句", "Only SELECT and CREATE TABLE ... AS SELECT are allowed"),
    /** The query references a table that is not granted. */
    TABLE_NOT_GRANTED("引用了未授权的表", "The query references a table that is not granted"),
    /** The query references a column that is not granted. */
    COLUMN_NOT_GRANTED("引用了未授权的字段", "The query references a column that is not granted"),
    /** The query does not validate for another reason (types, ambiguity). */
    INVALID_QUERY("查询无效", "The query is not valid"),
    /** A function or operator outside the allow-list. */
    FUNCTION_NOT_ALLOWED("使用了不允许的函数", "The query uses a function that is not allowed"),
    /** An aggregate function that is not protected (MIN, MAX, ANY_VALUE, ...). */
    AGGREGATE_NOT_ALLOWED("使用了不允许的聚合函数", "The query uses an aggregate function that is not allowed"),
    /** A window function. */
    WINDOW_FUNCTION("不允许使用窗口函数", "Window functions are not allowed"),
    /** A plan operator outside the allow-list (VALUES, correlation, sub-queries, INTERSECT, ...). */
    OPERATOR_NOT_ALLOWED("使用了不允许的查询结构", "The query uses a construct that is not allowed"),
    /** UNION without ALL, INTERSECT or EXCEPT, or a union below an aggregate. */
    SET_OPERATION_NOT_ALLOWED("只允许合规聚合结果的 UNION ALL", "Only UNION ALL of compliant aggregates is allowed"),
    /** The result would contain row-level data instead of aggregates. */
    RAW_ROWS("结果必须是聚合结果", "The result must be an aggregate, not rows"),
    /** An aggregate below the final aggregate. */
    NESTED_AGGREGATE("不允许嵌套聚合", "Aggregates over aggregates are not allowed"),
    /** A direct identifier would appear in the output. */
    IDENTIFIER_IN_OUTPUT("直接标识符不得输出", "Direct identifiers may not be output"),
    /** A direct identifier is used as a group key. */
    IDENTIFIER_AS_GROUP_KEY("直接标识符不得作为分组键", "Direct identifiers may not be group keys"),
    /** A direct identifier is compared with something other than the join key. */
    IDENTIFIER_IN_PREDICATE("直接标识符不得用于条件比较", "Direct identifiers may not be compared"),
    /** A direct identifier is passed to a function or aggregate. */
    IDENTIFIER_IN_EXPRESSION("直接标识符不得用于计算", "Direct identifiers may not be passed to functions"),
    /** A sensitive attribute is used as a group key. */
    SENSITIVE_AS_GROUP_KEY("敏感属性不得作为分组键", "Sensitive attributes may not be group keys"),
    /** A measure is aggregated through an expression instead of as a bare column. */
    MEASURE_NOT_BARE("度量字段只能直接作为聚合参数", "Measures may only be bare arguments of aggregates"),
    /** A measure has no clamp bounds in the policy, or is not numeric. */
    MEASURE_WITHOUT_BOUNDS("度量字段未配置取值边界", "The measure has no contribution bounds"),
    /** COUNT(DISTINCT ...) of something other than the privacy unit. */
    DISTINCT_NOT_ON_PRIVACY_UNIT("去重计数只能用于个体标识", "COUNT(DISTINCT) is only allowed on the privacy unit"),
    /** An expression computed from aggregates (other than selecting them). */
    EXPRESSION_OVER_AGGREGATE("不允许对聚合结果再计算", "Expressions over aggregates are not allowed"),
    /** A join that is not an inner or left equi-join on the privacy unit. */
    JOIN_NOT_ON_PRIVACY_UNIT("只允许按个体标识等值连接", "Joins are only allowed on the privacy unit key"),
    /** The tables have no privacy unit to protect. */
    NO_PRIVACY_UNIT("数据没有个体标识", "The data has no privacy unit"),
    /** ORDER BY or LIMIT below the final aggregate. */
    LIMIT_BELOW_AGGREGATE("排序和限制只能用于最终聚合结果", "ORDER BY and LIMIT are only allowed on the final aggregate"),
    /** GROUPING SETS, ROLLUP or CUBE. */
    GROUPING_SETS("不允许分组集", "GROUPING SETS, ROLLUP and CUBE are not allowed"),
    /** HAVING on exact values in differential privacy mode. */
    HAVING_NOT_ALLOWED("差分隐私模式下不允许 HAVING", "HAVING is not allowed in differential privacy mode"),
    /** Every group of the result was too small. */
    GROUP_TOO_SMALL("所有分组人数均低于门限", "Every group is below the minimum group size"),
    /** The grant's privacy budget cannot pay for the query. */
    BUDGET_EXHAUSTED("隐私预算已用尽", "The privacy budget is exhausted");

    private final String chineseMessage;
    private final String englishMessage;

    RefusalRule(String chineseMessage, String englishMessage) {
        this.chineseMessage = chineseMessage;
        this.englishMessage = englishMessage;
    }

    /** The generic Chinese message. */
    public String chineseMessage() {
        return chineseMessage;
    }

    /** The generic English message. */
    public String englishMessage() {
        return englishMessage;
    }

    /** Both messages, Chinese first. */
    public String message() {
        return chineseMessage + " / " + englishMessage;
    }
}
