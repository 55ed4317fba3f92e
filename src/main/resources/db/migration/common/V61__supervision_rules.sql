-- Monitoring rules added for issue 7 (Art. 15): differencing/tracker patterns and fast spending of a privacy budget.
-- DIFFERENCING counts queries of one person that differ from an earlier one of the window in one predicate;
-- BUDGET_SPENDING's threshold is the percentage of a grant's total epsilon spent within the window.
insert into monitoring_rule values ('DIFFERENCING', 'WARNING', 3, 60, true, false, current_timestamp, 1);
insert into monitoring_rule values ('BUDGET_SPENDING', 'WARNING', 50, 60, true, false, current_timestamp, 1);
