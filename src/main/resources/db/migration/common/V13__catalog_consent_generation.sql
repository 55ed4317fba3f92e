-- The consent state of one purpose and operator has a generation: raised by the registry in the transaction of
-- every consent recorded (one or in bulk) or withdrawn for that purpose and operator, so that a node keeping the
-- consenting set in memory sees with one indexed read whether it is still current, also after a change made on
-- another node. Consents are valid per day (valid_from, valid_until), so holders key their sets by the day too.
create table consent_generation (
    purpose     varchar(100) not null,
    operator_id uuid not null,
    generation  bigint not null,
    primary key (purpose, operator_id)
);

insert into consent_generation (purpose, operator_id, generation)
select distinct purpose, operator_id, 1 from consent_record;
