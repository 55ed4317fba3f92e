-- Monthly statements per subscription (issue 6, part 5), produced once for each completed month by the product
-- jobs (or on demand): the month's calls by outcome are kept as they were when the statement was produced.
create table product_statement (
    subscription_id uuid not null references product_subscription (id),
    statement_month varchar(7) not null,
    product_id      uuid not null references product (id),
    consumer_id     uuid not null references organization (id),
    billable_calls  bigint not null,
    refused_calls   bigint not null,
    fee_per_call    numeric(12, 4),
    amount          numeric(16, 4) not null,
    produced_at     timestamp with time zone not null,
    primary key (subscription_id, statement_month)
);
