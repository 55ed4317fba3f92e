-- Data products (issue 6): registry, compliance review, verification index, API keys and metering.
create table product (
    id                  uuid primary key,
    operator_id         uuid not null references organization (id),
    grant_id            uuid not null,
    form                varchar(30) not null,
    name                varchar(200) not null,
    description         varchar(4000) not null,
    pricing_model       varchar(20) not null,
    fee                 numeric(14, 4),
    cap_price           numeric(14, 4),
    consent_purpose     varchar(100),
    dataset_code        varchar(60),
    subject_field       varchar(60),
    attribute_field     varchar(60),
    comparison          varchar(20),
    state               varchar(20) not null,
    suspended_by_grant  boolean not null,
    risk_level          varchar(10),
    findings            varchar(4000),
    first_reviewer      varchar(100),
    second_reviewer     varchar(100),
    created_by          varchar(100) not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             bigint not null
);
create index product_operator_idx on product (operator_id);
create index product_grant_idx on product (grant_id);

-- The verification index: keyed hashes of subjects (never identifiers) and what is needed to answer:
-- the keyed hash of the attribute (EQUALS) or the latest date (ON_OR_AFTER).
create table product_verification_index (
    product_id    uuid not null references product (id),
    subject_hash  varchar(64) not null,
    attribute     varchar(64) not null,
    primary key (product_id, subject_hash, attribute)
);

create table product_index_build (
    product_id       uuid primary key references product (id),
    dataset_id       uuid not null,
    dataset_version  int not null,
    entries          bigint not null,
    built_at         timestamp with time zone not null
);

-- API keys: only the SM3 hash of a key is stored.
create table product_api_key (
    id             uuid primary key,
    product_id     uuid not null references product (id),
    consumer_name  varchar(200) not null,
    key_hash       varchar(64) not null unique,
    issued_by      varchar(100) not null,
    issued_at      timestamp with time zone not null,
    revoked_at     timestamp with time zone
);
create index product_api_key_product_idx on product_api_key (product_id);

-- Calls per key per day (Asia/Shanghai).
create table product_call_meter (
    api_key_id  uuid not null references product_api_key (id),
    call_day    date not null,
    calls       bigint not null,
    primary key (api_key_id, call_day)
);
