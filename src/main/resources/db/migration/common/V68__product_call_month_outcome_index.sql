-- A subscription's answered calls of a month are counted from the index alone (the first call of a month, or after a
-- restart, counts them for the quota): outcome joins the subscription index, which still serves every query by
-- subscription and day or month. Without it the count read every meter row of the month (millions at high volume).
drop index product_call_subscription_idx;
create index product_call_subscription_idx on product_call (subscription_id, call_month, outcome);
