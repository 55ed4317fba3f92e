-- Sandbox (issue 5): workspaces and members, privacy budgets, recorded answers, query history,
-- derived tables with lineage, exports and their reviews. Portable SQL (H2 in PostgreSQL mode and PostgreSQL).

create table sandbox_workspace (
    id          uuid primary key,
    grant_id    uuid not null unique,
    operator_id uuid not null,
    scenario    varchar(300) not null,
    state       varchar(20) not null,
    created_at  timestamp with time zone not null,
    version     bigint not null
);
create index sandbox_workspace_operator on sandbox_workspace (operator_id);

create table sandbox_member (
    workspace_id uuid not null references sandbox_workspace (id),
    user_id      uuid not null,
    username     varchar(100) not null,
    added_by     varchar(100) not null,
    added_at     timestamp with time zone not null,
    primary key (workspace_id, user_id)
);
create index sandbox_member_user on sandbox_member (user_id);

-- one row per grant; spending is one conditional UPDATE (spent + e <= total), so concurrent queries never overspend
create table sandbox_budget (
    grant_id      varchar(64) primary key,
    total_epsilon numeric(20, 6) not null,
    spent_epsilon numeric(20, 6) not null,
    constraint sandbox_budget_not_overspent check (spent_epsilon <= total_epsilon)
);

-- the recorded answer (protected aggregates only) or refusal of each distinct question, by canonical plan hash
create table sandbox_answer (
    grant_id      varchar(64) not null,
    question_hash varchar(64) not null,
    result_json   text,
    refusal_rule  varchar(60),
    recorded_at   timestamp with time zone not null,
    primary key (grant_id, question_hash)
);

-- every query, accepted or refused; released results are protected aggregates, never raw rows
create table sandbox_query (
    id             uuid primary key,
    workspace_id   uuid not null references sandbox_workspace (id),
    grant_id       uuid not null,
    user_id        uuid not null,
    username       varchar(100) not null,
    started_at     timestamp with time zone not null,
    finished_at    timestamp with time zone,
    sql_text       text not null,
    sql_sm3        varchar(64) not null,
    kind           varchar(20) not null,
    verdict        varchar(20) not null,
    rule           varchar(60),
    plan_hash      varchar(64),
    epsilon_spent  numeric(20, 6),
    output_sm3     varchar(64),
    result_json    text
);
create index sandbox_query_workspace on sandbox_query (workspace_id, started_at);

create table sandbox_derived_table (
    id           uuid primary key,
    grant_id     varchar(64) not null,
    name         varchar(63) not null,
    engine_sql   text not null,
    lineage_json text not null,
    created_by   varchar(100) not null,
    created_at   timestamp with time zone not null,
    constraint sandbox_derived_table_name unique (grant_id, name)
);

create table sandbox_export (
    id            uuid primary key,
    workspace_id  uuid not null references sandbox_workspace (id),
    query_id      uuid not null references sandbox_query (id),
    requested_by  uuid not null,
    requester     varchar(100) not null,
    purpose       varchar(1000) not null,
    state         varchar(20) not null,
    requested_at  timestamp with time zone not null,
    decided_at    timestamp with time zone,
    csv_text      text,
    csv_sm3       varchar(64),
    xlsx_base64   text,
    xlsx_sm3      varchar(64),
    version       bigint not null
);

create table sandbox_export_review (
    export_id   uuid not null references sandbox_export (id),
    reviewer_id uuid not null,
    reviewer    varchar(100) not null,
    decision    varchar(20) not null,
    reason      varchar(1000) not null,
    reviewed_at timestamp with time zone not null,
    primary key (export_id, reviewer_id)
);
