-- Security reports and inspections (Art. 16).

create table security_report (
    id                         uuid primary key,
    operator_id                uuid not null,
    operator_name              varchar(200) not null,
    period                     varchar(20) not null,
    period_start               date not null,
    period_end                 date not null,
    due_on                     date not null,
    evidence_queries           bigint not null,
    evidence_refused_queries   bigint not null,
    evidence_export_requests   bigint not null,
    evidence_alerts            bigint not null,
    evidence_incidents         bigint not null,
    evidence_open_incidents    bigint not null,
    evidence_staff             bigint not null,
    evidence_trained_staff     bigint not null,
    filed_by                   varchar(100) not null,
    filed_at                   timestamp with time zone not null,
    version                    bigint not null,
    constraint security_report_period_unique unique (operator_id, period)
);

create table security_report_section (
    security_report  uuid not null references security_report (id),
    section_key      varchar(40) not null,
    text             varchar(8000) not null,
    primary key (security_report, section_key)
);

create table inspection (
    id              uuid primary key,
    authorizer_id   uuid not null,
    operator_id     uuid not null,
    operator_name   varchar(200) not null,
    scope           varchar(2000) not null,
    state           varchar(16) not null,
    opened_by       varchar(100) not null,
    opened_at       timestamp with time zone not null,
    conclusion      varchar(4000),
    closed_at       timestamp with time zone,
    version         bigint not null
);

create table inspection_finding (
    inspection   uuid not null references inspection (id),
    position     int not null,
    note         varchar(4000) not null,
    actor        varchar(100) not null,
    recorded_at  timestamp with time zone not null,
    primary key (inspection, position)
);
