"""The statistics summary SQL of migration 0010 on PostgreSQL (statement-level PL/pgSQL triggers); frozen: never edit."""

# flake8: noqa
# ruff: noqa: E501

COUNT_COLUMNS = ['n',
 'recanalization_0',
 'recanalization_1',
 'recanalization_2',
 'good_outcome_90d_0',
 'good_outcome_90d_1',
 'good_outcome_90d_2',
 'excellent_outcome_90d_0',
 'excellent_outcome_90d_1',
 'excellent_outcome_90d_2',
 'favourable_outcome_90d_0',
 'favourable_outcome_90d_1',
 'favourable_outcome_90d_2',
 'sich_0',
 'sich_1',
 'sich_2',
 'mortality_90d_0',
 'mortality_90d_1',
 'mortality_90d_2',
 'reocclusion_0',
 'reocclusion_1',
 'reocclusion_2',
 'first_pass_effect_0',
 'first_pass_effect_1',
 'first_pass_effect_2',
 'modified_first_pass_effect_0',
 'modified_first_pass_effect_1',
 'modified_first_pass_effect_2',
 'followup_0_0',
 'followup_0_1',
 'followup_0_2',
 'followup_0_3',
 'followup_0_4',
 'followup_1_0',
 'followup_1_1',
 'followup_1_2',
 'followup_1_3',
 'followup_1_4',
 'followup_2_0',
 'followup_2_1',
 'followup_2_2',
 'followup_2_3',
 'followup_2_4']

STATEMENTS = ['CREATE FUNCTION stats_case_added() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN INSERT INTO '
 'stats_days (day, failed, stent, n, recanalization_0, recanalization_1, recanalization_2, '
 'good_outcome_90d_0, good_outcome_90d_1, good_outcome_90d_2, excellent_outcome_90d_0, '
 'excellent_outcome_90d_1, excellent_outcome_90d_2, favourable_outcome_90d_0, '
 'favourable_outcome_90d_1, favourable_outcome_90d_2, sich_0, sich_1, sich_2, mortality_90d_0, '
 'mortality_90d_1, mortality_90d_2, reocclusion_0, reocclusion_1, reocclusion_2, '
 'first_pass_effect_0, first_pass_effect_1, first_pass_effect_2, modified_first_pass_effect_0, '
 'modified_first_pass_effect_1, modified_first_pass_effect_2, followup_0_0, followup_0_1, '
 'followup_0_2, followup_0_3, followup_0_4, followup_1_0, followup_1_1, followup_1_2, '
 'followup_1_3, followup_1_4, followup_2_0, followup_2_1, followup_2_2, followup_2_3, '
 "followup_2_4) SELECT coalesce(to_char(c.procedure_date, 'YYYY-MM-DD'), ''), "
 'coalesce(CAST(c.mt_failed AS INTEGER), 2), coalesce(CAST(c.rescue_stent AS INTEGER), 2), '
 'sum(c.sign), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0) AS INTEGER)), '
 'sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 1 AS '
 'INTEGER) END AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN '
 '(c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 1) '
 'AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE '
 'CAST(c.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 3 AS '
 'INTEGER) END AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN '
 '(c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 1) '
 'AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE '
 'CAST(c.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 1) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 0 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 2) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 4) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 1 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 0) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 2) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 1 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 3) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 2 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 1) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 3) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 2 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 4) AS INTEGER)) FROM (SELECT *, 1 AS sign FROM new_cases) AS "
 "c WHERE c.territory = 'cerebral' AND c.deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 ON "
 'CONFLICT (day, failed, stent) DO UPDATE SET n = stats_days.n + excluded.n, recanalization_0 = '
 'stats_days.recanalization_0 + excluded.recanalization_0, recanalization_1 = '
 'stats_days.recanalization_1 + excluded.recanalization_1, recanalization_2 = '
 'stats_days.recanalization_2 + excluded.recanalization_2, good_outcome_90d_0 = '
 'stats_days.good_outcome_90d_0 + excluded.good_outcome_90d_0, good_outcome_90d_1 = '
 'stats_days.good_outcome_90d_1 + excluded.good_outcome_90d_1, good_outcome_90d_2 = '
 'stats_days.good_outcome_90d_2 + excluded.good_outcome_90d_2, excellent_outcome_90d_0 = '
 'stats_days.excellent_outcome_90d_0 + excluded.excellent_outcome_90d_0, excellent_outcome_90d_1 = '
 'stats_days.excellent_outcome_90d_1 + excluded.excellent_outcome_90d_1, excellent_outcome_90d_2 = '
 'stats_days.excellent_outcome_90d_2 + excluded.excellent_outcome_90d_2, favourable_outcome_90d_0 '
 '= stats_days.favourable_outcome_90d_0 + excluded.favourable_outcome_90d_0, '
 'favourable_outcome_90d_1 = stats_days.favourable_outcome_90d_1 + '
 'excluded.favourable_outcome_90d_1, favourable_outcome_90d_2 = '
 'stats_days.favourable_outcome_90d_2 + excluded.favourable_outcome_90d_2, sich_0 = '
 'stats_days.sich_0 + excluded.sich_0, sich_1 = stats_days.sich_1 + excluded.sich_1, sich_2 = '
 'stats_days.sich_2 + excluded.sich_2, mortality_90d_0 = stats_days.mortality_90d_0 + '
 'excluded.mortality_90d_0, mortality_90d_1 = stats_days.mortality_90d_1 + '
 'excluded.mortality_90d_1, mortality_90d_2 = stats_days.mortality_90d_2 + '
 'excluded.mortality_90d_2, reocclusion_0 = stats_days.reocclusion_0 + excluded.reocclusion_0, '
 'reocclusion_1 = stats_days.reocclusion_1 + excluded.reocclusion_1, reocclusion_2 = '
 'stats_days.reocclusion_2 + excluded.reocclusion_2, first_pass_effect_0 = '
 'stats_days.first_pass_effect_0 + excluded.first_pass_effect_0, first_pass_effect_1 = '
 'stats_days.first_pass_effect_1 + excluded.first_pass_effect_1, first_pass_effect_2 = '
 'stats_days.first_pass_effect_2 + excluded.first_pass_effect_2, modified_first_pass_effect_0 = '
 'stats_days.modified_first_pass_effect_0 + excluded.modified_first_pass_effect_0, '
 'modified_first_pass_effect_1 = stats_days.modified_first_pass_effect_1 + '
 'excluded.modified_first_pass_effect_1, modified_first_pass_effect_2 = '
 'stats_days.modified_first_pass_effect_2 + excluded.modified_first_pass_effect_2, followup_0_0 = '
 'stats_days.followup_0_0 + excluded.followup_0_0, followup_0_1 = stats_days.followup_0_1 + '
 'excluded.followup_0_1, followup_0_2 = stats_days.followup_0_2 + excluded.followup_0_2, '
 'followup_0_3 = stats_days.followup_0_3 + excluded.followup_0_3, followup_0_4 = '
 'stats_days.followup_0_4 + excluded.followup_0_4, followup_1_0 = stats_days.followup_1_0 + '
 'excluded.followup_1_0, followup_1_1 = stats_days.followup_1_1 + excluded.followup_1_1, '
 'followup_1_2 = stats_days.followup_1_2 + excluded.followup_1_2, followup_1_3 = '
 'stats_days.followup_1_3 + excluded.followup_1_3, followup_1_4 = stats_days.followup_1_4 + '
 'excluded.followup_1_4, followup_2_0 = stats_days.followup_2_0 + excluded.followup_2_0, '
 'followup_2_1 = stats_days.followup_2_1 + excluded.followup_2_1, followup_2_2 = '
 'stats_days.followup_2_2 + excluded.followup_2_2, followup_2_3 = stats_days.followup_2_3 + '
 'excluded.followup_2_3, followup_2_4 = stats_days.followup_2_4 + excluded.followup_2_4; INSERT '
 'INTO stats_values (month, measure, value, n) SELECT coalesce(to_char(c.procedure_date, '
 "'YYYY-MM'), ''), m.measure, m.value, sum(c.sign) FROM (SELECT *, 1 AS sign FROM new_cases) AS c "
 "CROSS JOIN LATERAL (VALUES ('door_to_imaging', c.door_to_imaging), ('door_to_puncture', "
 "c.door_to_puncture), ('imaging_to_puncture', c.imaging_to_puncture), ('onset_to_puncture', "
 "c.onset_to_puncture), ('puncture_to_reperfusion', c.puncture_to_reperfusion), "
 "('onset_to_reperfusion', c.onset_to_reperfusion), ('procedure_duration', c.procedure_duration), "
 "('pass_count', c.pass_count), ('sich_definition', CASE WHEN (c.sich IS NULL) THEN NULL ELSE CASE "
 "c.sich_definition WHEN 'heidelberg' THEN 0 WHEN 'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN "
 "'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' THEN 5 ELSE -1 END END)) AS m (measure, "
 "value) WHERE m.value IS NOT NULL AND c.territory = 'cerebral' AND c.deleted_at IS NULL GROUP BY "
 '1, 2, 3 ORDER BY 2, 3, 1 ON CONFLICT (measure, value, month) DO UPDATE SET n = stats_values.n + '
 'excluded.n; RETURN NULL; END $body$',
 'CREATE TRIGGER stats_case_added AFTER INSERT ON cases REFERENCING NEW TABLE AS new_cases FOR '
 'EACH STATEMENT EXECUTE FUNCTION stats_case_added()',
 'CREATE FUNCTION stats_case_removed() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN INSERT '
 'INTO stats_days (day, failed, stent, n, recanalization_0, recanalization_1, recanalization_2, '
 'good_outcome_90d_0, good_outcome_90d_1, good_outcome_90d_2, excellent_outcome_90d_0, '
 'excellent_outcome_90d_1, excellent_outcome_90d_2, favourable_outcome_90d_0, '
 'favourable_outcome_90d_1, favourable_outcome_90d_2, sich_0, sich_1, sich_2, mortality_90d_0, '
 'mortality_90d_1, mortality_90d_2, reocclusion_0, reocclusion_1, reocclusion_2, '
 'first_pass_effect_0, first_pass_effect_1, first_pass_effect_2, modified_first_pass_effect_0, '
 'modified_first_pass_effect_1, modified_first_pass_effect_2, followup_0_0, followup_0_1, '
 'followup_0_2, followup_0_3, followup_0_4, followup_1_0, followup_1_1, followup_1_2, '
 'followup_1_3, followup_1_4, followup_2_0, followup_2_1, followup_2_2, followup_2_3, '
 "followup_2_4) SELECT coalesce(to_char(c.procedure_date, 'YYYY-MM-DD'), ''), "
 'coalesce(CAST(c.mt_failed AS INTEGER), 2), coalesce(CAST(c.rescue_stent AS INTEGER), 2), '
 'sum(c.sign), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0) AS INTEGER)), '
 'sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 1 AS '
 'INTEGER) END AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN '
 '(c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 1) '
 'AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE '
 'CAST(c.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 3 AS '
 'INTEGER) END AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN '
 '(c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 1) '
 'AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE '
 'CAST(c.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 1) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 0 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 2) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 4) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 1 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 0) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 2) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 1 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 3) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 2 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 1) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 3) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 2 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 4) AS INTEGER)) FROM (SELECT *, -1 AS sign FROM old_cases) AS "
 "c WHERE c.territory = 'cerebral' AND c.deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 ON "
 'CONFLICT (day, failed, stent) DO UPDATE SET n = stats_days.n + excluded.n, recanalization_0 = '
 'stats_days.recanalization_0 + excluded.recanalization_0, recanalization_1 = '
 'stats_days.recanalization_1 + excluded.recanalization_1, recanalization_2 = '
 'stats_days.recanalization_2 + excluded.recanalization_2, good_outcome_90d_0 = '
 'stats_days.good_outcome_90d_0 + excluded.good_outcome_90d_0, good_outcome_90d_1 = '
 'stats_days.good_outcome_90d_1 + excluded.good_outcome_90d_1, good_outcome_90d_2 = '
 'stats_days.good_outcome_90d_2 + excluded.good_outcome_90d_2, excellent_outcome_90d_0 = '
 'stats_days.excellent_outcome_90d_0 + excluded.excellent_outcome_90d_0, excellent_outcome_90d_1 = '
 'stats_days.excellent_outcome_90d_1 + excluded.excellent_outcome_90d_1, excellent_outcome_90d_2 = '
 'stats_days.excellent_outcome_90d_2 + excluded.excellent_outcome_90d_2, favourable_outcome_90d_0 '
 '= stats_days.favourable_outcome_90d_0 + excluded.favourable_outcome_90d_0, '
 'favourable_outcome_90d_1 = stats_days.favourable_outcome_90d_1 + '
 'excluded.favourable_outcome_90d_1, favourable_outcome_90d_2 = '
 'stats_days.favourable_outcome_90d_2 + excluded.favourable_outcome_90d_2, sich_0 = '
 'stats_days.sich_0 + excluded.sich_0, sich_1 = stats_days.sich_1 + excluded.sich_1, sich_2 = '
 'stats_days.sich_2 + excluded.sich_2, mortality_90d_0 = stats_days.mortality_90d_0 + '
 'excluded.mortality_90d_0, mortality_90d_1 = stats_days.mortality_90d_1 + '
 'excluded.mortality_90d_1, mortality_90d_2 = stats_days.mortality_90d_2 + '
 'excluded.mortality_90d_2, reocclusion_0 = stats_days.reocclusion_0 + excluded.reocclusion_0, '
 'reocclusion_1 = stats_days.reocclusion_1 + excluded.reocclusion_1, reocclusion_2 = '
 'stats_days.reocclusion_2 + excluded.reocclusion_2, first_pass_effect_0 = '
 'stats_days.first_pass_effect_0 + excluded.first_pass_effect_0, first_pass_effect_1 = '
 'stats_days.first_pass_effect_1 + excluded.first_pass_effect_1, first_pass_effect_2 = '
 'stats_days.first_pass_effect_2 + excluded.first_pass_effect_2, modified_first_pass_effect_0 = '
 'stats_days.modified_first_pass_effect_0 + excluded.modified_first_pass_effect_0, '
 'modified_first_pass_effect_1 = stats_days.modified_first_pass_effect_1 + '
 'excluded.modified_first_pass_effect_1, modified_first_pass_effect_2 = '
 'stats_days.modified_first_pass_effect_2 + excluded.modified_first_pass_effect_2, followup_0_0 = '
 'stats_days.followup_0_0 + excluded.followup_0_0, followup_0_1 = stats_days.followup_0_1 + '
 'excluded.followup_0_1, followup_0_2 = stats_days.followup_0_2 + excluded.followup_0_2, '
 'followup_0_3 = stats_days.followup_0_3 + excluded.followup_0_3, followup_0_4 = '
 'stats_days.followup_0_4 + excluded.followup_0_4, followup_1_0 = stats_days.followup_1_0 + '
 'excluded.followup_1_0, followup_1_1 = stats_days.followup_1_1 + excluded.followup_1_1, '
 'followup_1_2 = stats_days.followup_1_2 + excluded.followup_1_2, followup_1_3 = '
 'stats_days.followup_1_3 + excluded.followup_1_3, followup_1_4 = stats_days.followup_1_4 + '
 'excluded.followup_1_4, followup_2_0 = stats_days.followup_2_0 + excluded.followup_2_0, '
 'followup_2_1 = stats_days.followup_2_1 + excluded.followup_2_1, followup_2_2 = '
 'stats_days.followup_2_2 + excluded.followup_2_2, followup_2_3 = stats_days.followup_2_3 + '
 'excluded.followup_2_3, followup_2_4 = stats_days.followup_2_4 + excluded.followup_2_4; INSERT '
 'INTO stats_values (month, measure, value, n) SELECT coalesce(to_char(c.procedure_date, '
 "'YYYY-MM'), ''), m.measure, m.value, sum(c.sign) FROM (SELECT *, -1 AS sign FROM old_cases) AS c "
 "CROSS JOIN LATERAL (VALUES ('door_to_imaging', c.door_to_imaging), ('door_to_puncture', "
 "c.door_to_puncture), ('imaging_to_puncture', c.imaging_to_puncture), ('onset_to_puncture', "
 "c.onset_to_puncture), ('puncture_to_reperfusion', c.puncture_to_reperfusion), "
 "('onset_to_reperfusion', c.onset_to_reperfusion), ('procedure_duration', c.procedure_duration), "
 "('pass_count', c.pass_count), ('sich_definition', CASE WHEN (c.sich IS NULL) THEN NULL ELSE CASE "
 "c.sich_definition WHEN 'heidelberg' THEN 0 WHEN 'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN "
 "'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' THEN 5 ELSE -1 END END)) AS m (measure, "
 "value) WHERE m.value IS NOT NULL AND c.territory = 'cerebral' AND c.deleted_at IS NULL GROUP BY "
 '1, 2, 3 ORDER BY 2, 3, 1 ON CONFLICT (measure, value, month) DO UPDATE SET n = stats_values.n + '
 'excluded.n; RETURN NULL; END $body$',
 'CREATE TRIGGER stats_case_removed AFTER DELETE ON cases REFERENCING OLD TABLE AS old_cases FOR '
 'EACH STATEMENT EXECUTE FUNCTION stats_case_removed()',
 'CREATE FUNCTION stats_case_changed() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN INSERT '
 'INTO stats_days (day, failed, stent, n, recanalization_0, recanalization_1, recanalization_2, '
 'good_outcome_90d_0, good_outcome_90d_1, good_outcome_90d_2, excellent_outcome_90d_0, '
 'excellent_outcome_90d_1, excellent_outcome_90d_2, favourable_outcome_90d_0, '
 'favourable_outcome_90d_1, favourable_outcome_90d_2, sich_0, sich_1, sich_2, mortality_90d_0, '
 'mortality_90d_1, mortality_90d_2, reocclusion_0, reocclusion_1, reocclusion_2, '
 'first_pass_effect_0, first_pass_effect_1, first_pass_effect_2, modified_first_pass_effect_0, '
 'modified_first_pass_effect_1, modified_first_pass_effect_2, followup_0_0, followup_0_1, '
 'followup_0_2, followup_0_3, followup_0_4, followup_1_0, followup_1_1, followup_1_2, '
 'followup_1_3, followup_1_4, followup_2_0, followup_2_1, followup_2_2, followup_2_3, '
 "followup_2_4) SELECT coalesce(to_char(c.procedure_date, 'YYYY-MM-DD'), ''), "
 'coalesce(CAST(c.mt_failed AS INTEGER), 2), coalesce(CAST(c.rescue_stent AS INTEGER), 2), '
 'sum(c.sign), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0) AS INTEGER)), '
 'sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 1 AS '
 'INTEGER) END AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN '
 '(c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 1) '
 'AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE '
 'CAST(c.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 3 AS '
 'INTEGER) END AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN '
 '(c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 1) '
 'AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE '
 'CAST(c.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 1) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 0 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 2) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 4) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 1 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 0) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 2) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 1 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 3) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 2 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 1) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 3) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 2 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 4) AS INTEGER)) FROM (SELECT o.*, -1 AS sign FROM old_cases "
 'AS o JOIN new_cases AS n ON n.id = o.id WHERE ROW(o.territory, o.deleted_at, o.procedure_date, '
 'o.mt_failed, o.rescue_stent, o.mrs_90d, o.recanalized, o.good_outcome_90d, o.sich, '
 'o.mortality_90d, o.reocclusion, o.first_pass_effect, o.modified_first_pass_effect, '
 'o.followup_settled, o.door_to_imaging, o.door_to_puncture, o.imaging_to_puncture, '
 'o.onset_to_puncture, o.puncture_to_reperfusion, o.onset_to_reperfusion, o.procedure_duration, '
 'o.pass_count, o.sich_definition) IS DISTINCT FROM ROW(n.territory, n.deleted_at, '
 'n.procedure_date, n.mt_failed, n.rescue_stent, n.mrs_90d, n.recanalized, n.good_outcome_90d, '
 'n.sich, n.mortality_90d, n.reocclusion, n.first_pass_effect, n.modified_first_pass_effect, '
 'n.followup_settled, n.door_to_imaging, n.door_to_puncture, n.imaging_to_puncture, '
 'n.onset_to_puncture, n.puncture_to_reperfusion, n.onset_to_reperfusion, n.procedure_duration, '
 'n.pass_count, n.sich_definition) UNION ALL SELECT n.*, 1 AS sign FROM old_cases AS o JOIN '
 'new_cases AS n ON n.id = o.id WHERE ROW(o.territory, o.deleted_at, o.procedure_date, '
 'o.mt_failed, o.rescue_stent, o.mrs_90d, o.recanalized, o.good_outcome_90d, o.sich, '
 'o.mortality_90d, o.reocclusion, o.first_pass_effect, o.modified_first_pass_effect, '
 'o.followup_settled, o.door_to_imaging, o.door_to_puncture, o.imaging_to_puncture, '
 'o.onset_to_puncture, o.puncture_to_reperfusion, o.onset_to_reperfusion, o.procedure_duration, '
 'o.pass_count, o.sich_definition) IS DISTINCT FROM ROW(n.territory, n.deleted_at, '
 'n.procedure_date, n.mt_failed, n.rescue_stent, n.mrs_90d, n.recanalized, n.good_outcome_90d, '
 'n.sich, n.mortality_90d, n.reocclusion, n.first_pass_effect, n.modified_first_pass_effect, '
 'n.followup_settled, n.door_to_imaging, n.door_to_puncture, n.imaging_to_puncture, '
 'n.onset_to_puncture, n.puncture_to_reperfusion, n.onset_to_reperfusion, n.procedure_duration, '
 "n.pass_count, n.sich_definition)) AS c WHERE c.territory = 'cerebral' AND c.deleted_at IS NULL "
 'GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 ON CONFLICT (day, failed, stent) DO UPDATE SET n = '
 'stats_days.n + excluded.n, recanalization_0 = stats_days.recanalization_0 + '
 'excluded.recanalization_0, recanalization_1 = stats_days.recanalization_1 + '
 'excluded.recanalization_1, recanalization_2 = stats_days.recanalization_2 + '
 'excluded.recanalization_2, good_outcome_90d_0 = stats_days.good_outcome_90d_0 + '
 'excluded.good_outcome_90d_0, good_outcome_90d_1 = stats_days.good_outcome_90d_1 + '
 'excluded.good_outcome_90d_1, good_outcome_90d_2 = stats_days.good_outcome_90d_2 + '
 'excluded.good_outcome_90d_2, excellent_outcome_90d_0 = stats_days.excellent_outcome_90d_0 + '
 'excluded.excellent_outcome_90d_0, excellent_outcome_90d_1 = stats_days.excellent_outcome_90d_1 + '
 'excluded.excellent_outcome_90d_1, excellent_outcome_90d_2 = stats_days.excellent_outcome_90d_2 + '
 'excluded.excellent_outcome_90d_2, favourable_outcome_90d_0 = stats_days.favourable_outcome_90d_0 '
 '+ excluded.favourable_outcome_90d_0, favourable_outcome_90d_1 = '
 'stats_days.favourable_outcome_90d_1 + excluded.favourable_outcome_90d_1, '
 'favourable_outcome_90d_2 = stats_days.favourable_outcome_90d_2 + '
 'excluded.favourable_outcome_90d_2, sich_0 = stats_days.sich_0 + excluded.sich_0, sich_1 = '
 'stats_days.sich_1 + excluded.sich_1, sich_2 = stats_days.sich_2 + excluded.sich_2, '
 'mortality_90d_0 = stats_days.mortality_90d_0 + excluded.mortality_90d_0, mortality_90d_1 = '
 'stats_days.mortality_90d_1 + excluded.mortality_90d_1, mortality_90d_2 = '
 'stats_days.mortality_90d_2 + excluded.mortality_90d_2, reocclusion_0 = stats_days.reocclusion_0 '
 '+ excluded.reocclusion_0, reocclusion_1 = stats_days.reocclusion_1 + excluded.reocclusion_1, '
 'reocclusion_2 = stats_days.reocclusion_2 + excluded.reocclusion_2, first_pass_effect_0 = '
 'stats_days.first_pass_effect_0 + excluded.first_pass_effect_0, first_pass_effect_1 = '
 'stats_days.first_pass_effect_1 + excluded.first_pass_effect_1, first_pass_effect_2 = '
 'stats_days.first_pass_effect_2 + excluded.first_pass_effect_2, modified_first_pass_effect_0 = '
 'stats_days.modified_first_pass_effect_0 + excluded.modified_first_pass_effect_0, '
 'modified_first_pass_effect_1 = stats_days.modified_first_pass_effect_1 + '
 'excluded.modified_first_pass_effect_1, modified_first_pass_effect_2 = '
 'stats_days.modified_first_pass_effect_2 + excluded.modified_first_pass_effect_2, followup_0_0 = '
 'stats_days.followup_0_0 + excluded.followup_0_0, followup_0_1 = stats_days.followup_0_1 + '
 'excluded.followup_0_1, followup_0_2 = stats_days.followup_0_2 + excluded.followup_0_2, '
 'followup_0_3 = stats_days.followup_0_3 + excluded.followup_0_3, followup_0_4 = '
 'stats_days.followup_0_4 + excluded.followup_0_4, followup_1_0 = stats_days.followup_1_0 + '
 'excluded.followup_1_0, followup_1_1 = stats_days.followup_1_1 + excluded.followup_1_1, '
 'followup_1_2 = stats_days.followup_1_2 + excluded.followup_1_2, followup_1_3 = '
 'stats_days.followup_1_3 + excluded.followup_1_3, followup_1_4 = stats_days.followup_1_4 + '
 'excluded.followup_1_4, followup_2_0 = stats_days.followup_2_0 + excluded.followup_2_0, '
 'followup_2_1 = stats_days.followup_2_1 + excluded.followup_2_1, followup_2_2 = '
 'stats_days.followup_2_2 + excluded.followup_2_2, followup_2_3 = stats_days.followup_2_3 + '
 'excluded.followup_2_3, followup_2_4 = stats_days.followup_2_4 + excluded.followup_2_4; INSERT '
 'INTO stats_values (month, measure, value, n) SELECT coalesce(to_char(c.procedure_date, '
 "'YYYY-MM'), ''), m.measure, m.value, sum(c.sign) FROM (SELECT o.*, -1 AS sign FROM old_cases AS "
 'o JOIN new_cases AS n ON n.id = o.id WHERE ROW(o.territory, o.deleted_at, o.procedure_date, '
 'o.mt_failed, o.rescue_stent, o.mrs_90d, o.recanalized, o.good_outcome_90d, o.sich, '
 'o.mortality_90d, o.reocclusion, o.first_pass_effect, o.modified_first_pass_effect, '
 'o.followup_settled, o.door_to_imaging, o.door_to_puncture, o.imaging_to_puncture, '
 'o.onset_to_puncture, o.puncture_to_reperfusion, o.onset_to_reperfusion, o.procedure_duration, '
 'o.pass_count, o.sich_definition) IS DISTINCT FROM ROW(n.territory, n.deleted_at, '
 'n.procedure_date, n.mt_failed, n.rescue_stent, n.mrs_90d, n.recanalized, n.good_outcome_90d, '
 'n.sich, n.mortality_90d, n.reocclusion, n.first_pass_effect, n.modified_first_pass_effect, '
 'n.followup_settled, n.door_to_imaging, n.door_to_puncture, n.imaging_to_puncture, '
 'n.onset_to_puncture, n.puncture_to_reperfusion, n.onset_to_reperfusion, n.procedure_duration, '
 'n.pass_count, n.sich_definition) UNION ALL SELECT n.*, 1 AS sign FROM old_cases AS o JOIN '
 'new_cases AS n ON n.id = o.id WHERE ROW(o.territory, o.deleted_at, o.procedure_date, '
 'o.mt_failed, o.rescue_stent, o.mrs_90d, o.recanalized, o.good_outcome_90d, o.sich, '
 'o.mortality_90d, o.reocclusion, o.first_pass_effect, o.modified_first_pass_effect, '
 'o.followup_settled, o.door_to_imaging, o.door_to_puncture, o.imaging_to_puncture, '
 'o.onset_to_puncture, o.puncture_to_reperfusion, o.onset_to_reperfusion, o.procedure_duration, '
 'o.pass_count, o.sich_definition) IS DISTINCT FROM ROW(n.territory, n.deleted_at, '
 'n.procedure_date, n.mt_failed, n.rescue_stent, n.mrs_90d, n.recanalized, n.good_outcome_90d, '
 'n.sich, n.mortality_90d, n.reocclusion, n.first_pass_effect, n.modified_first_pass_effect, '
 'n.followup_settled, n.door_to_imaging, n.door_to_puncture, n.imaging_to_puncture, '
 'n.onset_to_puncture, n.puncture_to_reperfusion, n.onset_to_reperfusion, n.procedure_duration, '
 "n.pass_count, n.sich_definition)) AS c CROSS JOIN LATERAL (VALUES ('door_to_imaging', "
 "c.door_to_imaging), ('door_to_puncture', c.door_to_puncture), ('imaging_to_puncture', "
 "c.imaging_to_puncture), ('onset_to_puncture', c.onset_to_puncture), ('puncture_to_reperfusion', "
 "c.puncture_to_reperfusion), ('onset_to_reperfusion', c.onset_to_reperfusion), "
 "('procedure_duration', c.procedure_duration), ('pass_count', c.pass_count), ('sich_definition', "
 "CASE WHEN (c.sich IS NULL) THEN NULL ELSE CASE c.sich_definition WHEN 'heidelberg' THEN 0 WHEN "
 "'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN 'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' "
 'THEN 5 ELSE -1 END END)) AS m (measure, value) WHERE m.value IS NOT NULL AND c.territory = '
 "'cerebral' AND c.deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 2, 3, 1 ON CONFLICT (measure, "
 'value, month) DO UPDATE SET n = stats_values.n + excluded.n; RETURN NULL; END $body$',
 'CREATE TRIGGER stats_case_changed AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases NEW '
 'TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION stats_case_changed()']

ALL_DAYS = ("SELECT coalesce(to_char(c.procedure_date, 'YYYY-MM-DD'), ''), coalesce(CAST(c.mt_failed AS "
 'INTEGER), 2), coalesce(CAST(c.rescue_stent AS INTEGER), 2), sum(c.sign), sum(c.sign * '
 'CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.good_outcome_90d AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 1 AS '
 'INTEGER) END AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN '
 '(c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 1) '
 'AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE '
 'CAST(c.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 3 AS '
 'INTEGER) END AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN '
 '(c.mortality_90d IS true) THEN 0 ELSE CAST(c.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 1) '
 'AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(CASE WHEN (c.mortality_90d IS true) THEN 0 ELSE '
 'CAST(c.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.sich AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.mortality_90d AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.reocclusion AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.first_pass_effect AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 0) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 1) AS INTEGER)), sum(c.sign * '
 'CAST((coalesce(CAST(c.modified_first_pass_effect AS INTEGER), 2) = 2) AS INTEGER)), sum(c.sign * '
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 1) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 0 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 2) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 0 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 4) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 1 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 0) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 2) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 1 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 3) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 1 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 0) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 2 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 1) AS INTEGER)), sum(c.sign * "
 "CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE c.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2) AS "
 'INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), 2) = 2 AND CASE '
 "c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' "
 'THEN 3 ELSE 4 END = 3) AS INTEGER)), sum(c.sign * CAST((coalesce(CAST(c.recanalized AS INTEGER), '
 "2) = 2 AND CASE c.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 "
 "WHEN 'unknown' THEN 3 ELSE 4 END = 4) AS INTEGER)) FROM (SELECT *, 1 AS sign FROM cases) AS c "
 "WHERE c.territory = 'cerebral' AND c.deleted_at IS NULL GROUP BY 1, 2, 3")

ALL_VALUES = ("SELECT coalesce(to_char(c.procedure_date, 'YYYY-MM'), ''), m.measure, m.value, sum(c.sign) FROM "
 "(SELECT *, 1 AS sign FROM cases) AS c CROSS JOIN LATERAL (VALUES ('door_to_imaging', "
 "c.door_to_imaging), ('door_to_puncture', c.door_to_puncture), ('imaging_to_puncture', "
 "c.imaging_to_puncture), ('onset_to_puncture', c.onset_to_puncture), ('puncture_to_reperfusion', "
 "c.puncture_to_reperfusion), ('onset_to_reperfusion', c.onset_to_reperfusion), "
 "('procedure_duration', c.procedure_duration), ('pass_count', c.pass_count), ('sich_definition', "
 "CASE WHEN (c.sich IS NULL) THEN NULL ELSE CASE c.sich_definition WHEN 'heidelberg' THEN 0 WHEN "
 "'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN 'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' "
 'THEN 5 ELSE -1 END END)) AS m (measure, value) WHERE m.value IS NOT NULL AND c.territory = '
 "'cerebral' AND c.deleted_at IS NULL GROUP BY 1, 2, 3")
