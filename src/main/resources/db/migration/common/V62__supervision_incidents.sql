-- Incidents and emergency plans (Art. 15): versioned plans per organization; incidents with grade, timeline
-- (containment actions, notifications of the supervising departments, notes) and closure with lessons learned.

create table emergency_plan (
    id                 uuid primary key,
    organization_id    uuid not null,
    organization_name  varchar(200) not null,
    plan_version       int not null,
    title              varchar(200) not null,
    content            text not null,
    effective_from     date not null,
    recorded_by        varchar(100) not null,
    recorded_at        timestamp with time zone not null,
    version            bigint not null,
    constraint emergency_plan_version_unique unique (organization_id, plan_version)
);

create table incident (
    id                 uuid primary key,
    organization_id    uuid not null,
    organization_name  varchar(200) not null,
    grade              varchar(16) not null,
    title              varchar(200) not null,
    description        varchar(4000) not null,
    state              varchar(16) not null,
    alert_id           uuid,
    reported_by        varchar(100) not null,
    occurred_at        timestamp with time zone not null,
    reported_at        timestamp with time zone not null,
    lessons_learned    varchar(4000),
    closed_at          timestamp with time zone,
    version            bigint not null
);
create index incident_organization_idx on incident (organization_id);

create table incident_entry (
    incident     uuid not null references incident (id),
    position     int not null,
    kind         varchar(20) not null,
    subject      varchar(200),
    actor        varchar(100) not null,
    note         varchar(4000) not null,
    occurred_at  timestamp with time zone not null,
    primary key (incident, position)
);
