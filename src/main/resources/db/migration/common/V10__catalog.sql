-- The public data catalog (Art. 3, 4, 6): datasets, their classified fields, registration records.
create table dataset (
    id                uuid primary key,
    code              varchar(60) not null,
    name              varchar(200) not null,
    description       text not null,
    provider_id       uuid not null references organization (id),
    domains           varchar(200) not null,
    update_frequency  varchar(20) not null,
    state             varchar(20) not null,
    current_version   int,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    version           bigint not null,
    constraint dataset_code_uq unique (code)
);
create index dataset_provider_idx on dataset (provider_id);

create table dataset_field (
    dataset               uuid not null references dataset (id) on delete cascade,
    position              int not null,
    name                  varchar(60) not null,
    label                 varchar(100) not null,
    type                  varchar(20) not null,
    nullable              boolean not null,
    classification        varchar(20) not null,
    personal_information  varchar(20) not null,
    disclosure_role       varchar(30) not null,
    privacy_unit          boolean not null,
    primary key (dataset, position)
);

create table dataset_registration (
    id             uuid primary key,
    dataset_id     uuid not null references dataset (id),
    kind           varchar(20) not null,
    code           varchar(40) not null,
    registered_at  timestamp with time zone not null,
    valid_until    date,
    note           varchar(1000) not null,
    registered_by  varchar(100) not null,
    constraint dataset_registration_code_uq unique (code)
);
create index dataset_registration_dataset_idx on dataset_registration (dataset_id);
