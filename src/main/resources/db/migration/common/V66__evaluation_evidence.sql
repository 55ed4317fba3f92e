-- Evaluation evidence (Art. 17): the platform's own figures for each evaluated operator, frozen when the campaign
-- closes, with the SHA-256 of their canonical text so that the result stays explainable.
create table evaluation_evidence (
    evaluation_campaign uuid          not null references evaluation_campaign (id),
    operator_id         uuid          not null,
    period_start        date          not null,
    period_end          date          not null,
    figures             varchar(4000) not null,
    sha256              varchar(64)   not null,
    frozen_at           timestamp with time zone not null,
    primary key (evaluation_campaign, operator_id)
);
