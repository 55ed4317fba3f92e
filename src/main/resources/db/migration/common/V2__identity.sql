-- Organizations and people (Art. 3, 5, 11, 14).
create table organization (
    id                     uuid primary key,
    name                   varchar(200) not null,
    type                   varchar(40) not null,
    credit_code            char(18) not null,
    authority_level        varchar(20),
    supervisor_department  varchar(40),
    legal_representative   varchar(100),
    created_at             timestamp with time zone not null,
    version                bigint not null,
    constraint organization_name_uq unique (name),
    constraint organization_credit_code_uq unique (credit_code)
);

create table app_user (
    id               uuid primary key,
    username         varchar(64) not null,
    display_name     varchar(100) not null,
    organization_id  uuid not null references organization (id),
    password_hash    varchar(100) not null,
    enabled          boolean not null,
    failed_attempts  int not null,
    locked_until     timestamp with time zone,
    last_login_at    timestamp with time zone,
    created_at       timestamp with time zone not null,
    version          bigint not null,
    constraint app_user_username_uq unique (username)
);
create index app_user_organization_idx on app_user (organization_id);

create table user_role (
    app_user uuid not null references app_user (id) on delete cascade,
    role     varchar(40) not null,
    primary key (app_user, role)
);

-- Bearer tokens for the API; only their SM3 hash is stored.
create table api_token (
    token_hash  char(64) primary key,
    user_id     uuid not null references app_user (id) on delete cascade,
    issued_at   timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    revoked     boolean not null
);
create index api_token_user_idx on api_token (user_id);
