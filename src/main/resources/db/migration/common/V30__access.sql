-- Scenario requests (一事一申请, Art. 13), their dual approval (Art. 12) and the grants they create.
create table scenario_request (
    id                  uuid primary key,
    agreement_id        uuid not null,
    operator_id         uuid not null references organization (id),
    authorizer_id       uuid not null,
    name                varchar(200) not null,
    description         varchar(4000) not null,
    purpose             varchar(2000) not null,
    intended_products   varchar(2000) not null,
    duration_days       int not null,
    consent_purpose     varchar(500),
    state               varchar(20) not null,
    review_round        int not null,
    minimum_group_size  int,
    total_epsilon       numeric(10, 4),
    epsilon_per_query   numeric(10, 4),
    grant_id            uuid,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             bigint not null
);
create index scenario_request_operator_idx on scenario_request (operator_id);
create index scenario_request_state_idx on scenario_request (state);

-- The datasets and fields a request needs; fields as a comma-separated list of field names.
create table scenario_request_dataset (
    scenario_request  uuid not null references scenario_request (id) on delete cascade,
    position          int not null,
    dataset_id        uuid not null references dataset (id),
    code              varchar(60) not null,
    provider_id       uuid not null references organization (id),
    fields            varchar(2000) not null,
    primary key (scenario_request, position)
);
create index scenario_request_dataset_provider_idx on scenario_request_dataset (provider_id);

-- Each decision of the authority or a provider, per review round (a resubmission starts a new round).
create table scenario_request_decision (
    scenario_request  uuid not null references scenario_request (id) on delete cascade,
    position          int not null,
    review_round      int not null,
    party             varchar(20) not null,
    organization_id   uuid not null references organization (id),
    outcome           varchar(20) not null,
    reason            varchar(1000),
    decided_by        varchar(100) not null,
    decided_at        timestamp with time zone not null,
    primary key (scenario_request, position)
);

create table access_grant (
    id                  uuid primary key,
    request_id          uuid not null references scenario_request (id),
    operator_id         uuid not null references organization (id),
    agreement_id        uuid not null,
    authorizer_id       uuid not null,
    scenario            varchar(200) not null,
    privacy_mode        varchar(30) not null,
    minimum_group_size  int not null,
    total_epsilon       numeric(10, 4) not null,
    epsilon_per_query   numeric(10, 4) not null,
    consent_purpose     varchar(500),
    expires_at          timestamp with time zone not null,
    state               varchar(20) not null,
    state_reason        varchar(1000),
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             bigint not null
);
create index access_grant_operator_idx on access_grant (operator_id);
create index access_grant_agreement_idx on access_grant (agreement_id);
create index access_grant_state_idx on access_grant (state, expires_at);

create table access_grant_dataset (
    access_grant  uuid not null references access_grant (id) on delete cascade,
    position      int not null,
    dataset_id    uuid not null references dataset (id),
    code          varchar(60) not null,
    fields        varchar(2000) not null,
    primary key (access_grant, position)
);
create index access_grant_dataset_dataset_idx on access_grant_dataset (dataset_id);
