-- Product consumers (issue 6, part 5): subscriptions to listed products, their API keys (SM3 hashes only),
-- every call metered (caller, product, time, outcome, keyed hash of the subject; never an identifier).
create table product_subscription (
    id               uuid primary key,
    product_id       uuid not null references product (id),
    consumer_id      uuid not null references organization (id),
    consumer_name    varchar(200) not null,
    monthly_quota    bigint not null,
    rate_per_second  int not null,
    state            varchar(20) not null,
    created_by       varchar(100) not null,
    created_at       timestamp with time zone not null,
    cancelled_at     timestamp with time zone
);
create index product_subscription_consumer_idx on product_subscription (consumer_id);
create index product_subscription_product_idx on product_subscription (product_id);

create table product_subscription_key (
    id               uuid primary key,
    subscription_id  uuid not null references product_subscription (id),
    key_hash         varchar(64) not null unique,
    key_hint         varchar(12) not null,
    issued_by        varchar(100) not null,
    issued_at        timestamp with time zone not null,
    revoked_by       varchar(100),
    revoked_at       timestamp with time zone
);
create index product_subscription_key_subscription_idx on product_subscription_key (subscription_id);

-- One row per call, answered or refused. subscription_id is null when no valid key was presented.
create table product_call (
    id               uuid primary key,
    product_id       uuid not null,
    subscription_id  uuid,
    key_id           uuid,
    consumer_id      uuid,
    called_at        timestamp with time zone not null,
    call_day         date not null,
    call_month       varchar(7) not null,
    outcome          varchar(40) not null,
    answer           varchar(20),
    subject_hash     varchar(64)
);
create index product_call_subscription_idx on product_call (subscription_id, call_month);
create index product_call_product_idx on product_call (product_id, call_month);
