-- Supervision (Art. 14-18): training, drills, rectification, evaluations, monitoring rules and alerts.

-- Pre-job security training of an operator's technical staff (Art. 15, 16).
create table training_record (
    id               uuid primary key,
    organization_id  uuid not null,
    user_id          uuid not null,
    username         varchar(100) not null,
    course           varchar(200) not null,
    trained_on       date not null,
    result           varchar(16) not null,
    valid_until      date not null,
    evidence_name    varchar(200),
    evidence_sha256  char(64),
    evidence_size    bigint,
    recorded_by      varchar(100) not null,
    recorded_at      timestamp with time zone not null,
    lapse_notified   boolean not null,
    version          bigint not null
);
create index training_record_user_idx on training_record (user_id);
create index training_record_org_idx on training_record (organization_id);

-- Emergency drills organized by an authorizer with an operator (Art. 15).
create table drill (
    id                 uuid primary key,
    authorizer_id      uuid not null,
    operator_id        uuid not null,
    scenario           varchar(1000) not null,
    held_on            date not null,
    participants       varchar(2000) not null,
    findings           varchar(4000) not null,
    follow_up_actions  varchar(4000) not null,
    recorded_by        varchar(100) not null,
    recorded_at        timestamp with time zone not null,
    version            bigint not null
);

-- Rectification orders (Art. 18) and every step of their life, which is also the report to the authority.
create table rectification_order (
    id                 uuid primary key,
    authorizer_id      uuid not null,
    operator_id        uuid not null,
    campaign_id        uuid,
    reason             varchar(2000) not null,
    content            varchar(4000),
    deadline           timestamp with time zone,
    state              varchar(16) not null,
    evidence           varchar(4000),
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null,
    version            bigint not null
);
create index rectification_order_operator_idx on rectification_order (operator_id);
create index rectification_order_state_idx on rectification_order (state);

create table rectification_step (
    rectification_order uuid not null references rectification_order (id),
    position            int not null,
    state               varchar(16) not null,
    actor               varchar(100) not null,
    note                varchar(4000),
    occurred_at         timestamp with time zone not null,
    primary key (rectification_order, position)
);

-- Evaluation campaigns (Art. 17): weighted criteria, scores per operator and criterion, results.
create table evaluation_campaign (
    id             uuid primary key,
    authority_id   uuid not null,
    name           varchar(200) not null,
    period         varchar(60) not null,
    pass_mark      int not null,
    state          varchar(16) not null,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    version        bigint not null
);

create table evaluation_criterion (
    evaluation_campaign uuid not null references evaluation_campaign (id),
    criterion           varchar(30) not null,
    weight              int not null,
    primary key (evaluation_campaign, criterion)
);

create table evaluation_score (
    evaluation_campaign uuid not null references evaluation_campaign (id),
    position            int not null,
    operator_id         uuid not null,
    criterion           varchar(30) not null,
    score               int not null,
    evidence            varchar(2000),
    evaluator           varchar(100) not null,
    scored_at           timestamp with time zone not null,
    primary key (evaluation_campaign, position)
);

create table evaluation_result (
    evaluation_campaign uuid not null references evaluation_campaign (id),
    operator_id         uuid not null,
    score               decimal(6, 2) not null,
    passed              boolean not null,
    response            varchar(4000),
    primary key (evaluation_campaign, operator_id)
);

-- Monitoring and early warning (Art. 15): tunable rules, the evaluation cursor over audit_entry, alerts.
create table monitoring_rule (
    code                varchar(40) primary key,
    severity            varchar(16) not null,
    threshold           int not null,
    window_minutes      int not null,
    enabled             boolean not null,
    suspend_on_critical boolean not null,
    updated_at          timestamp with time zone not null,
    version             bigint not null
);
insert into monitoring_rule values ('QUERY_BURST', 'WARNING', 30, 1, true, false, current_timestamp, 1);
insert into monitoring_rule values ('QUERY_PROBING', 'CRITICAL', 20, 10, true, true, current_timestamp, 1);
insert into monitoring_rule values ('OFF_HOURS', 'INFO', 1, 60, true, false, current_timestamp, 1);
insert into monitoring_rule values ('EXPORT_PILE_UP', 'WARNING', 5, 1440, true, false, current_timestamp, 1);
insert into monitoring_rule values ('VERIFICATION_ENUMERATION', 'CRITICAL', 20, 10, true, false, current_timestamp, 1);

create table monitoring_cursor (
    id        int primary key,
    last_seq  bigint not null
);
insert into monitoring_cursor (id, last_seq) values (1, 0);

create table alert (
    id               uuid primary key,
    rule_code        varchar(40) not null,
    severity         varchar(16) not null,
    subject          varchar(100) not null,
    organization_id  uuid,
    occurrences      int not null,
    first_seq        bigint not null,
    last_seq         bigint not null,
    detail           varchar(1000) not null,
    state            varchar(16) not null,
    assignee         varchar(100),
    resolution_note  varchar(2000),
    raised_at        timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    version          bigint not null
);
create index alert_state_idx on alert (state);
create index alert_rule_subject_idx on alert (rule_code, subject);
