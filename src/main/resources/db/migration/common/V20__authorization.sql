-- Authorization procedure (Art. 7, 8, 9, 11): calls, applications, reviews, objections, templates, agreements.
create table authorization_call (
    id                   uuid primary key,
    title                varchar(200) not null,
    description          varchar(4000) not null,
    mode                 varchar(30) not null,
    state                varchar(30) not null,
    authorizer_id        uuid not null,
    authorizer_name      varchar(200) not null,
    drafted_by           uuid not null,
    authority_id         uuid not null,
    opens_at             timestamp with time zone not null,
    closes_at            timestamp with time zone not null,
    notice_days          int not null,
    term_months          int not null,
    withdrawal_reason    varchar(1000),
    created_at           timestamp with time zone not null,
    published_at         timestamp with time zone,
    review_started_at    timestamp with time zone,
    notice_starts_at     timestamp with time zone,
    notice_ends_at       timestamp with time zone,
    concluded_at         timestamp with time zone,
    version              bigint not null
);

create table call_criterion (
    call_id   uuid not null references authorization_call (id) on delete cascade,
    position  int not null,
    code      varchar(10) not null,
    name      varchar(200) not null,
    weight    int not null,
    primary key (call_id, position)
);

create table call_requirement (
    call_id   uuid not null references authorization_call (id) on delete cascade,
    position  int not null,
    code      varchar(40) not null,
    label     varchar(200) not null,
    required  boolean not null,
    primary key (call_id, position)
);

create table call_dataset (
    call_id       uuid not null references authorization_call (id) on delete cascade,
    position      int not null,
    dataset_id    uuid not null,
    dataset_code  varchar(100) not null,
    dataset_name  varchar(200) not null,
    primary key (call_id, position)
);

create table call_domain (
    call_id   uuid not null references authorization_call (id) on delete cascade,
    position  int not null,
    domain    varchar(40) not null,
    primary key (call_id, position)
);

create table authorization_application (
    id                    uuid primary key,
    call_id               uuid not null references authorization_call (id),
    organization_id       uuid not null,
    organization_name     varchar(200) not null,
    legal_representative  varchar(100),
    scenarios             varchar(4000) not null,
    state                 varchar(30) not null,
    submitted_at          timestamp with time zone not null,
    decided_at            timestamp with time zone,
    version               bigint not null,
    constraint application_one_per_call_uq unique (call_id, organization_id)
);

create table application_document (
    application_id    uuid not null references authorization_application (id) on delete cascade,
    position          int not null,
    requirement_code  varchar(40) not null,
    file_name         varchar(200) not null,
    content_type      varchar(100) not null,
    size_bytes        bigint not null,
    sm3               char(64) not null,
    stored_name       varchar(200) not null,
    primary key (application_id, position)
);

create table authorization_review (
    id                      uuid primary key,
    call_id                 uuid not null references authorization_call (id),
    expert_user_id          uuid not null,
    expert_name             varchar(100) not null,
    expert_organization_id  uuid not null,
    state                   varchar(30) not null,
    declaration             varchar(2000),
    assigned_at             timestamp with time zone not null,
    declared_at             timestamp with time zone,
    submitted_at            timestamp with time zone,
    version                 bigint not null,
    constraint review_one_per_expert_uq unique (call_id, expert_user_id)
);

create table review_exclusion (
    review_id       uuid not null references authorization_review (id) on delete cascade,
    position        int not null,
    application_id  uuid not null,
    reason          varchar(40) not null,
    primary key (review_id, position)
);

create table review_score (
    review_id       uuid not null references authorization_review (id) on delete cascade,
    position        int not null,
    application_id  uuid not null,
    criterion_code  varchar(10) not null,
    score           int not null,
    comment         varchar(2000) not null,
    primary key (review_id, position)
);

create table authorization_objection (
    id               uuid primary key,
    call_id          uuid not null references authorization_call (id),
    application_id   uuid not null references authorization_application (id),
    text             varchar(4000) not null,
    contact_name     varchar(100) not null,
    contact_details  varchar(200) not null,
    state            varchar(30) not null,
    answer           varchar(4000),
    filed_at         timestamp with time zone not null,
    answered_at      timestamp with time zone,
    answered_by      varchar(100),
    version          bigint not null
);

create table agreement_template (
    id                uuid primary key,
    template_version  int not null,
    title             varchar(200) not null,
    state             varchar(30) not null,
    created_at        timestamp with time zone not null,
    created_by        varchar(100) not null,
    version           bigint not null,
    constraint agreement_template_version_uq unique (template_version)
);

create table template_clause (
    template_id  uuid not null references agreement_template (id) on delete cascade,
    position     int not null,
    kind         varchar(40) not null,
    text         varchar(4000) not null,
    primary key (template_id, position)
);

create table authorization_agreement (
    id                    uuid primary key,
    number                varchar(40) not null,
    call_id               uuid not null references authorization_call (id),
    application_id        uuid not null references authorization_application (id),
    template_id           uuid not null references agreement_template (id),
    template_version      int not null,
    mode                  varchar(30) not null,
    operator_id           uuid not null,
    operator_name         varchar(200) not null,
    legal_representative  varchar(100),
    authorizer_id         uuid not null,
    authorizer_name       varchar(200) not null,
    term_months           int not null,
    state                 varchar(40) not null,
    document_name         varchar(200) not null,
    document_hash         char(64) not null,
    generated_at          timestamp with time zone not null,
    activated_at          timestamp with time zone,
    ends_at               timestamp with time zone,
    ended_at              timestamp with time zone,
    end_reason            varchar(1000),
    version               bigint not null,
    constraint agreement_number_uq unique (number),
    constraint agreement_one_per_application_uq unique (application_id)
);

create table agreement_signature (
    agreement_id     uuid not null references authorization_agreement (id) on delete cascade,
    position         int not null,
    party            varchar(20) not null,
    signer_user_id   uuid not null,
    signer_name      varchar(100) not null,
    on_behalf_of     varchar(100),
    organization_id  uuid not null,
    signed_at        timestamp with time zone not null,
    document_hash    char(64) not null,
    primary key (agreement_id, position)
);

create index authorization_application_call_idx on authorization_application (call_id);
create index authorization_review_call_idx on authorization_review (call_id);
create index authorization_objection_call_idx on authorization_objection (call_id);
create index authorization_agreement_state_idx on authorization_agreement (state);
