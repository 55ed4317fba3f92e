package io.quanyun.authorization;

/** Shared test data. */
final class AuthorizationFixtures {

    static final String TEMPLATE_JSON = """
            {"title":"济南市公共数据授权运营协议（示范文本）","clauses":{
              "PARTIES":"甲方：{authorizer}；乙方：{operator}（法定代表人：{legalRepresentative}）。",
              "SCOPE":"甲方依《{call}》以{mode}方式授权乙方运营以下公共数据：{scope}。",
              "TERM":"授权期限为{term}，自双方签署之日起算，最长不超过五年。",
              "RIGHTS_AND_OBLIGATIONS":"乙方有权在平台内加工处理授权数据并提供数据产品和服务；乙方应当一事一申请，原始数据不出平台。",
              "SECURITY_REQUIREMENTS":"乙方应当建立数据安全管理制度，落实岗前安全培训，定期报送安全报告，接受监督检查。",
              "EXIT_CONDITIONS":"评估不合格且逾期未整改、发生重大安全事件或违反本协议的，甲方可终止授权。",
              "LIABILITY_FOR_BREACH":"违反本协议造成损失的，依法承担民事、行政或刑事责任。",
              "DISPOSAL_OF_ASSETS":"授权期满或终止后，乙方在平台内形成的数据及中间结果由平台封存或销毁，日志依法留存。"}}
            """;

    private AuthorizationFixtures() {
    }
}
