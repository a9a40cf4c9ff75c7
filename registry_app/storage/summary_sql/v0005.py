"""The statistics summary SQL of migration 0005 (outcome rules of December 2026: deaths count as mRS 6, sICH definitions); frozen: never edit."""

# flake8: noqa
# ruff: noqa: E501

COUNT_COLUMNS = ['n', 'recanalization_0', 'recanalization_1', 'recanalization_2', 'good_outcome_90d_0',
 'good_outcome_90d_1', 'good_outcome_90d_2', 'excellent_outcome_90d_0', 'excellent_outcome_90d_1',
 'excellent_outcome_90d_2', 'favourable_outcome_90d_0', 'favourable_outcome_90d_1',
 'favourable_outcome_90d_2', 'sich_0', 'sich_1', 'sich_2', 'mortality_90d_0', 'mortality_90d_1',
 'mortality_90d_2', 'reocclusion_0', 'reocclusion_1', 'reocclusion_2', 'first_pass_effect_0',
 'first_pass_effect_1', 'first_pass_effect_2', 'modified_first_pass_effect_0',
 'modified_first_pass_effect_1', 'modified_first_pass_effect_2', 'followup_0_0', 'followup_0_1',
 'followup_0_2', 'followup_0_3', 'followup_0_4', 'followup_1_0', 'followup_1_1', 'followup_1_2',
 'followup_1_3', 'followup_1_4', 'followup_2_0', 'followup_2_1', 'followup_2_2', 'followup_2_3',
 'followup_2_4']

TRIGGERS = ['CREATE TRIGGER stats_case_added AFTER INSERT ON cases BEGIN INSERT INTO stats_days (day, failed, '
 'stent, n, recanalization_0, recanalization_1, recanalization_2, good_outcome_90d_0, '
 'good_outcome_90d_1, good_outcome_90d_2, excellent_outcome_90d_0, excellent_outcome_90d_1, '
 'excellent_outcome_90d_2, favourable_outcome_90d_0, favourable_outcome_90d_1, '
 'favourable_outcome_90d_2, sich_0, sich_1, sich_2, mortality_90d_0, mortality_90d_1, '
 'mortality_90d_2, reocclusion_0, reocclusion_1, reocclusion_2, first_pass_effect_0, '
 'first_pass_effect_1, first_pass_effect_2, modified_first_pass_effect_0, '
 'modified_first_pass_effect_1, modified_first_pass_effect_2, followup_0_0, followup_0_1, '
 'followup_0_2, followup_0_3, followup_0_4, followup_1_0, followup_1_1, followup_1_2, '
 'followup_1_3, followup_1_4, followup_2_0, followup_2_1, followup_2_2, followup_2_3, '
 "followup_2_4) SELECT coalesce(new.procedure_date, ''), coalesce(new.mt_failed, 2), "
 'coalesce(new.rescue_stent, 2), 1, 1 * (coalesce(CAST(new.recanalized AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1), 1 * (coalesce(CAST(new.recanalized AS '
 'INTEGER), 2) = 2), 1 * (coalesce(CAST(new.good_outcome_90d AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.good_outcome_90d AS INTEGER), 2) = 1), 1 * '
 '(coalesce(CAST(new.good_outcome_90d AS INTEGER), 2) = 2), 1 * (coalesce(CAST(CASE WHEN '
 '(new.mortality_90d IS 1) THEN 0 ELSE CAST(new.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 0), '
 '1 * (coalesce(CAST(CASE WHEN (new.mortality_90d IS 1) THEN 0 ELSE CAST(new.mrs_90d <= 1 AS '
 'INTEGER) END AS INTEGER), 2) = 1), 1 * (coalesce(CAST(CASE WHEN (new.mortality_90d IS 1) THEN 0 '
 'ELSE CAST(new.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2), 1 * (coalesce(CAST(CASE WHEN '
 '(new.mortality_90d IS 1) THEN 0 ELSE CAST(new.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 0), '
 '1 * (coalesce(CAST(CASE WHEN (new.mortality_90d IS 1) THEN 0 ELSE CAST(new.mrs_90d <= 3 AS '
 'INTEGER) END AS INTEGER), 2) = 1), 1 * (coalesce(CAST(CASE WHEN (new.mortality_90d IS 1) THEN 0 '
 'ELSE CAST(new.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2), 1 * (coalesce(CAST(new.sich AS '
 'INTEGER), 2) = 0), 1 * (coalesce(CAST(new.sich AS INTEGER), 2) = 1), 1 * (coalesce(CAST(new.sich '
 'AS INTEGER), 2) = 2), 1 * (coalesce(CAST(new.mortality_90d AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.mortality_90d AS INTEGER), 2) = 1), 1 * (coalesce(CAST(new.mortality_90d AS '
 'INTEGER), 2) = 2), 1 * (coalesce(CAST(new.reocclusion AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.reocclusion AS INTEGER), 2) = 1), 1 * (coalesce(CAST(new.reocclusion AS '
 'INTEGER), 2) = 2), 1 * (coalesce(CAST(new.first_pass_effect AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.first_pass_effect AS INTEGER), 2) = 1), 1 * '
 '(coalesce(CAST(new.first_pass_effect AS INTEGER), 2) = 2), 1 * '
 '(coalesce(CAST(new.modified_first_pass_effect AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.modified_first_pass_effect AS INTEGER), 2) = 1), 1 * '
 '(coalesce(CAST(new.modified_first_pass_effect AS INTEGER), 2) = 2), 1 * '
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4) WHERE "
 "new.territory = 'cerebral' AND new.deleted_at IS NULL ON CONFLICT (day, failed, stent) DO UPDATE "
 'SET n = n + excluded.n, recanalization_0 = recanalization_0 + excluded.recanalization_0, '
 'recanalization_1 = recanalization_1 + excluded.recanalization_1, recanalization_2 = '
 'recanalization_2 + excluded.recanalization_2, good_outcome_90d_0 = good_outcome_90d_0 + '
 'excluded.good_outcome_90d_0, good_outcome_90d_1 = good_outcome_90d_1 + '
 'excluded.good_outcome_90d_1, good_outcome_90d_2 = good_outcome_90d_2 + '
 'excluded.good_outcome_90d_2, excellent_outcome_90d_0 = excellent_outcome_90d_0 + '
 'excluded.excellent_outcome_90d_0, excellent_outcome_90d_1 = excellent_outcome_90d_1 + '
 'excluded.excellent_outcome_90d_1, excellent_outcome_90d_2 = excellent_outcome_90d_2 + '
 'excluded.excellent_outcome_90d_2, favourable_outcome_90d_0 = favourable_outcome_90d_0 + '
 'excluded.favourable_outcome_90d_0, favourable_outcome_90d_1 = favourable_outcome_90d_1 + '
 'excluded.favourable_outcome_90d_1, favourable_outcome_90d_2 = favourable_outcome_90d_2 + '
 'excluded.favourable_outcome_90d_2, sich_0 = sich_0 + excluded.sich_0, sich_1 = sich_1 + '
 'excluded.sich_1, sich_2 = sich_2 + excluded.sich_2, mortality_90d_0 = mortality_90d_0 + '
 'excluded.mortality_90d_0, mortality_90d_1 = mortality_90d_1 + excluded.mortality_90d_1, '
 'mortality_90d_2 = mortality_90d_2 + excluded.mortality_90d_2, reocclusion_0 = reocclusion_0 + '
 'excluded.reocclusion_0, reocclusion_1 = reocclusion_1 + excluded.reocclusion_1, reocclusion_2 = '
 'reocclusion_2 + excluded.reocclusion_2, first_pass_effect_0 = first_pass_effect_0 + '
 'excluded.first_pass_effect_0, first_pass_effect_1 = first_pass_effect_1 + '
 'excluded.first_pass_effect_1, first_pass_effect_2 = first_pass_effect_2 + '
 'excluded.first_pass_effect_2, modified_first_pass_effect_0 = modified_first_pass_effect_0 + '
 'excluded.modified_first_pass_effect_0, modified_first_pass_effect_1 = '
 'modified_first_pass_effect_1 + excluded.modified_first_pass_effect_1, '
 'modified_first_pass_effect_2 = modified_first_pass_effect_2 + '
 'excluded.modified_first_pass_effect_2, followup_0_0 = followup_0_0 + excluded.followup_0_0, '
 'followup_0_1 = followup_0_1 + excluded.followup_0_1, followup_0_2 = followup_0_2 + '
 'excluded.followup_0_2, followup_0_3 = followup_0_3 + excluded.followup_0_3, followup_0_4 = '
 'followup_0_4 + excluded.followup_0_4, followup_1_0 = followup_1_0 + excluded.followup_1_0, '
 'followup_1_1 = followup_1_1 + excluded.followup_1_1, followup_1_2 = followup_1_2 + '
 'excluded.followup_1_2, followup_1_3 = followup_1_3 + excluded.followup_1_3, followup_1_4 = '
 'followup_1_4 + excluded.followup_1_4, followup_2_0 = followup_2_0 + excluded.followup_2_0, '
 'followup_2_1 = followup_2_1 + excluded.followup_2_1, followup_2_2 = followup_2_2 + '
 'excluded.followup_2_2, followup_2_3 = followup_2_3 + excluded.followup_2_3, followup_2_4 = '
 'followup_2_4 + excluded.followup_2_4; INSERT INTO stats_values (month, measure, value, n) SELECT '
 "substr(coalesce(new.procedure_date, ''), 1, 7), measure, value, 1 FROM (SELECT 'door_to_imaging' "
 "AS measure, new.door_to_imaging AS value UNION ALL SELECT 'door_to_puncture' AS measure, "
 "new.door_to_puncture AS value UNION ALL SELECT 'imaging_to_puncture' AS measure, "
 "new.imaging_to_puncture AS value UNION ALL SELECT 'onset_to_puncture' AS measure, "
 "new.onset_to_puncture AS value UNION ALL SELECT 'puncture_to_reperfusion' AS measure, "
 "new.puncture_to_reperfusion AS value UNION ALL SELECT 'onset_to_reperfusion' AS measure, "
 "new.onset_to_reperfusion AS value UNION ALL SELECT 'procedure_duration' AS measure, "
 "new.procedure_duration AS value UNION ALL SELECT 'pass_count' AS measure, new.pass_count AS "
 "value UNION ALL SELECT 'sich_definition' AS measure, CASE WHEN (new.sich IS NULL) THEN NULL ELSE "
 "CASE new.sich_definition WHEN 'heidelberg' THEN 0 WHEN 'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN "
 "'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' THEN 5 ELSE -1 END END AS value) WHERE "
 "value IS NOT NULL AND new.territory = 'cerebral' AND new.deleted_at IS NULL ON CONFLICT "
 '(measure, value, month) DO UPDATE SET n = n + excluded.n; END',
 'CREATE TRIGGER stats_case_removed AFTER DELETE ON cases BEGIN INSERT INTO stats_days (day, '
 'failed, stent, n, recanalization_0, recanalization_1, recanalization_2, good_outcome_90d_0, '
 'good_outcome_90d_1, good_outcome_90d_2, excellent_outcome_90d_0, excellent_outcome_90d_1, '
 'excellent_outcome_90d_2, favourable_outcome_90d_0, favourable_outcome_90d_1, '
 'favourable_outcome_90d_2, sich_0, sich_1, sich_2, mortality_90d_0, mortality_90d_1, '
 'mortality_90d_2, reocclusion_0, reocclusion_1, reocclusion_2, first_pass_effect_0, '
 'first_pass_effect_1, first_pass_effect_2, modified_first_pass_effect_0, '
 'modified_first_pass_effect_1, modified_first_pass_effect_2, followup_0_0, followup_0_1, '
 'followup_0_2, followup_0_3, followup_0_4, followup_1_0, followup_1_1, followup_1_2, '
 'followup_1_3, followup_1_4, followup_2_0, followup_2_1, followup_2_2, followup_2_3, '
 "followup_2_4) SELECT coalesce(old.procedure_date, ''), coalesce(old.mt_failed, 2), "
 'coalesce(old.rescue_stent, 2), -1, -1 * (coalesce(CAST(old.recanalized AS INTEGER), 2) = 0), -1 '
 '* (coalesce(CAST(old.recanalized AS INTEGER), 2) = 1), -1 * (coalesce(CAST(old.recanalized AS '
 'INTEGER), 2) = 2), -1 * (coalesce(CAST(old.good_outcome_90d AS INTEGER), 2) = 0), -1 * '
 '(coalesce(CAST(old.good_outcome_90d AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.good_outcome_90d AS INTEGER), 2) = 2), -1 * (coalesce(CAST(CASE WHEN '
 '(old.mortality_90d IS 1) THEN 0 ELSE CAST(old.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 0), '
 '-1 * (coalesce(CAST(CASE WHEN (old.mortality_90d IS 1) THEN 0 ELSE CAST(old.mrs_90d <= 1 AS '
 'INTEGER) END AS INTEGER), 2) = 1), -1 * (coalesce(CAST(CASE WHEN (old.mortality_90d IS 1) THEN 0 '
 'ELSE CAST(old.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2), -1 * (coalesce(CAST(CASE WHEN '
 '(old.mortality_90d IS 1) THEN 0 ELSE CAST(old.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 0), '
 '-1 * (coalesce(CAST(CASE WHEN (old.mortality_90d IS 1) THEN 0 ELSE CAST(old.mrs_90d <= 3 AS '
 'INTEGER) END AS INTEGER), 2) = 1), -1 * (coalesce(CAST(CASE WHEN (old.mortality_90d IS 1) THEN 0 '
 'ELSE CAST(old.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2), -1 * (coalesce(CAST(old.sich AS '
 'INTEGER), 2) = 0), -1 * (coalesce(CAST(old.sich AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.sich AS INTEGER), 2) = 2), -1 * (coalesce(CAST(old.mortality_90d AS INTEGER), '
 '2) = 0), -1 * (coalesce(CAST(old.mortality_90d AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.mortality_90d AS INTEGER), 2) = 2), -1 * (coalesce(CAST(old.reocclusion AS '
 'INTEGER), 2) = 0), -1 * (coalesce(CAST(old.reocclusion AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.reocclusion AS INTEGER), 2) = 2), -1 * (coalesce(CAST(old.first_pass_effect '
 'AS INTEGER), 2) = 0), -1 * (coalesce(CAST(old.first_pass_effect AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.first_pass_effect AS INTEGER), 2) = 2), -1 * '
 '(coalesce(CAST(old.modified_first_pass_effect AS INTEGER), 2) = 0), -1 * '
 '(coalesce(CAST(old.modified_first_pass_effect AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.modified_first_pass_effect AS INTEGER), 2) = 2), -1 * '
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4) WHERE "
 "old.territory = 'cerebral' AND old.deleted_at IS NULL ON CONFLICT (day, failed, stent) DO UPDATE "
 'SET n = n + excluded.n, recanalization_0 = recanalization_0 + excluded.recanalization_0, '
 'recanalization_1 = recanalization_1 + excluded.recanalization_1, recanalization_2 = '
 'recanalization_2 + excluded.recanalization_2, good_outcome_90d_0 = good_outcome_90d_0 + '
 'excluded.good_outcome_90d_0, good_outcome_90d_1 = good_outcome_90d_1 + '
 'excluded.good_outcome_90d_1, good_outcome_90d_2 = good_outcome_90d_2 + '
 'excluded.good_outcome_90d_2, excellent_outcome_90d_0 = excellent_outcome_90d_0 + '
 'excluded.excellent_outcome_90d_0, excellent_outcome_90d_1 = excellent_outcome_90d_1 + '
 'excluded.excellent_outcome_90d_1, excellent_outcome_90d_2 = excellent_outcome_90d_2 + '
 'excluded.excellent_outcome_90d_2, favourable_outcome_90d_0 = favourable_outcome_90d_0 + '
 'excluded.favourable_outcome_90d_0, favourable_outcome_90d_1 = favourable_outcome_90d_1 + '
 'excluded.favourable_outcome_90d_1, favourable_outcome_90d_2 = favourable_outcome_90d_2 + '
 'excluded.favourable_outcome_90d_2, sich_0 = sich_0 + excluded.sich_0, sich_1 = sich_1 + '
 'excluded.sich_1, sich_2 = sich_2 + excluded.sich_2, mortality_90d_0 = mortality_90d_0 + '
 'excluded.mortality_90d_0, mortality_90d_1 = mortality_90d_1 + excluded.mortality_90d_1, '
 'mortality_90d_2 = mortality_90d_2 + excluded.mortality_90d_2, reocclusion_0 = reocclusion_0 + '
 'excluded.reocclusion_0, reocclusion_1 = reocclusion_1 + excluded.reocclusion_1, reocclusion_2 = '
 'reocclusion_2 + excluded.reocclusion_2, first_pass_effect_0 = first_pass_effect_0 + '
 'excluded.first_pass_effect_0, first_pass_effect_1 = first_pass_effect_1 + '
 'excluded.first_pass_effect_1, first_pass_effect_2 = first_pass_effect_2 + '
 'excluded.first_pass_effect_2, modified_first_pass_effect_0 = modified_first_pass_effect_0 + '
 'excluded.modified_first_pass_effect_0, modified_first_pass_effect_1 = '
 'modified_first_pass_effect_1 + excluded.modified_first_pass_effect_1, '
 'modified_first_pass_effect_2 = modified_first_pass_effect_2 + '
 'excluded.modified_first_pass_effect_2, followup_0_0 = followup_0_0 + excluded.followup_0_0, '
 'followup_0_1 = followup_0_1 + excluded.followup_0_1, followup_0_2 = followup_0_2 + '
 'excluded.followup_0_2, followup_0_3 = followup_0_3 + excluded.followup_0_3, followup_0_4 = '
 'followup_0_4 + excluded.followup_0_4, followup_1_0 = followup_1_0 + excluded.followup_1_0, '
 'followup_1_1 = followup_1_1 + excluded.followup_1_1, followup_1_2 = followup_1_2 + '
 'excluded.followup_1_2, followup_1_3 = followup_1_3 + excluded.followup_1_3, followup_1_4 = '
 'followup_1_4 + excluded.followup_1_4, followup_2_0 = followup_2_0 + excluded.followup_2_0, '
 'followup_2_1 = followup_2_1 + excluded.followup_2_1, followup_2_2 = followup_2_2 + '
 'excluded.followup_2_2, followup_2_3 = followup_2_3 + excluded.followup_2_3, followup_2_4 = '
 'followup_2_4 + excluded.followup_2_4; INSERT INTO stats_values (month, measure, value, n) SELECT '
 "substr(coalesce(old.procedure_date, ''), 1, 7), measure, value, -1 FROM (SELECT "
 "'door_to_imaging' AS measure, old.door_to_imaging AS value UNION ALL SELECT 'door_to_puncture' "
 "AS measure, old.door_to_puncture AS value UNION ALL SELECT 'imaging_to_puncture' AS measure, "
 "old.imaging_to_puncture AS value UNION ALL SELECT 'onset_to_puncture' AS measure, "
 "old.onset_to_puncture AS value UNION ALL SELECT 'puncture_to_reperfusion' AS measure, "
 "old.puncture_to_reperfusion AS value UNION ALL SELECT 'onset_to_reperfusion' AS measure, "
 "old.onset_to_reperfusion AS value UNION ALL SELECT 'procedure_duration' AS measure, "
 "old.procedure_duration AS value UNION ALL SELECT 'pass_count' AS measure, old.pass_count AS "
 "value UNION ALL SELECT 'sich_definition' AS measure, CASE WHEN (old.sich IS NULL) THEN NULL ELSE "
 "CASE old.sich_definition WHEN 'heidelberg' THEN 0 WHEN 'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN "
 "'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' THEN 5 ELSE -1 END END AS value) WHERE "
 "value IS NOT NULL AND old.territory = 'cerebral' AND old.deleted_at IS NULL ON CONFLICT "
 '(measure, value, month) DO UPDATE SET n = n + excluded.n; END',
 'CREATE TRIGGER stats_case_changed AFTER UPDATE ON cases WHEN old.territory IS NOT new.territory '
 'OR old.deleted_at IS NOT new.deleted_at OR old.procedure_date IS NOT new.procedure_date OR '
 'old.mt_failed IS NOT new.mt_failed OR old.rescue_stent IS NOT new.rescue_stent OR old.mrs_90d IS '
 'NOT new.mrs_90d OR old.recanalized IS NOT new.recanalized OR old.good_outcome_90d IS NOT '
 'new.good_outcome_90d OR old.sich IS NOT new.sich OR old.mortality_90d IS NOT new.mortality_90d '
 'OR old.reocclusion IS NOT new.reocclusion OR old.first_pass_effect IS NOT new.first_pass_effect '
 'OR old.modified_first_pass_effect IS NOT new.modified_first_pass_effect OR old.followup_settled '
 'IS NOT new.followup_settled OR old.door_to_imaging IS NOT new.door_to_imaging OR '
 'old.door_to_puncture IS NOT new.door_to_puncture OR old.imaging_to_puncture IS NOT '
 'new.imaging_to_puncture OR old.onset_to_puncture IS NOT new.onset_to_puncture OR '
 'old.puncture_to_reperfusion IS NOT new.puncture_to_reperfusion OR old.onset_to_reperfusion IS '
 'NOT new.onset_to_reperfusion OR old.procedure_duration IS NOT new.procedure_duration OR '
 'old.pass_count IS NOT new.pass_count OR old.sich_definition IS NOT new.sich_definition BEGIN '
 'INSERT INTO stats_days (day, failed, stent, n, recanalization_0, recanalization_1, '
 'recanalization_2, good_outcome_90d_0, good_outcome_90d_1, good_outcome_90d_2, '
 'excellent_outcome_90d_0, excellent_outcome_90d_1, excellent_outcome_90d_2, '
 'favourable_outcome_90d_0, favourable_outcome_90d_1, favourable_outcome_90d_2, sich_0, sich_1, '
 'sich_2, mortality_90d_0, mortality_90d_1, mortality_90d_2, reocclusion_0, reocclusion_1, '
 'reocclusion_2, first_pass_effect_0, first_pass_effect_1, first_pass_effect_2, '
 'modified_first_pass_effect_0, modified_first_pass_effect_1, modified_first_pass_effect_2, '
 'followup_0_0, followup_0_1, followup_0_2, followup_0_3, followup_0_4, followup_1_0, '
 'followup_1_1, followup_1_2, followup_1_3, followup_1_4, followup_2_0, followup_2_1, '
 "followup_2_2, followup_2_3, followup_2_4) SELECT coalesce(old.procedure_date, ''), "
 'coalesce(old.mt_failed, 2), coalesce(old.rescue_stent, 2), -1, -1 * '
 '(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0), -1 * (coalesce(CAST(old.recanalized AS '
 'INTEGER), 2) = 1), -1 * (coalesce(CAST(old.recanalized AS INTEGER), 2) = 2), -1 * '
 '(coalesce(CAST(old.good_outcome_90d AS INTEGER), 2) = 0), -1 * '
 '(coalesce(CAST(old.good_outcome_90d AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.good_outcome_90d AS INTEGER), 2) = 2), -1 * (coalesce(CAST(CASE WHEN '
 '(old.mortality_90d IS 1) THEN 0 ELSE CAST(old.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 0), '
 '-1 * (coalesce(CAST(CASE WHEN (old.mortality_90d IS 1) THEN 0 ELSE CAST(old.mrs_90d <= 1 AS '
 'INTEGER) END AS INTEGER), 2) = 1), -1 * (coalesce(CAST(CASE WHEN (old.mortality_90d IS 1) THEN 0 '
 'ELSE CAST(old.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2), -1 * (coalesce(CAST(CASE WHEN '
 '(old.mortality_90d IS 1) THEN 0 ELSE CAST(old.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 0), '
 '-1 * (coalesce(CAST(CASE WHEN (old.mortality_90d IS 1) THEN 0 ELSE CAST(old.mrs_90d <= 3 AS '
 'INTEGER) END AS INTEGER), 2) = 1), -1 * (coalesce(CAST(CASE WHEN (old.mortality_90d IS 1) THEN 0 '
 'ELSE CAST(old.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2), -1 * (coalesce(CAST(old.sich AS '
 'INTEGER), 2) = 0), -1 * (coalesce(CAST(old.sich AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.sich AS INTEGER), 2) = 2), -1 * (coalesce(CAST(old.mortality_90d AS INTEGER), '
 '2) = 0), -1 * (coalesce(CAST(old.mortality_90d AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.mortality_90d AS INTEGER), 2) = 2), -1 * (coalesce(CAST(old.reocclusion AS '
 'INTEGER), 2) = 0), -1 * (coalesce(CAST(old.reocclusion AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.reocclusion AS INTEGER), 2) = 2), -1 * (coalesce(CAST(old.first_pass_effect '
 'AS INTEGER), 2) = 0), -1 * (coalesce(CAST(old.first_pass_effect AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.first_pass_effect AS INTEGER), 2) = 2), -1 * '
 '(coalesce(CAST(old.modified_first_pass_effect AS INTEGER), 2) = 0), -1 * '
 '(coalesce(CAST(old.modified_first_pass_effect AS INTEGER), 2) = 1), -1 * '
 '(coalesce(CAST(old.modified_first_pass_effect AS INTEGER), 2) = 2), -1 * '
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 0 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 1 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), -1 * "
 "(coalesce(CAST(old.recanalized AS INTEGER), 2) = 2 AND CASE old.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4) WHERE "
 "old.territory = 'cerebral' AND old.deleted_at IS NULL ON CONFLICT (day, failed, stent) DO UPDATE "
 'SET n = n + excluded.n, recanalization_0 = recanalization_0 + excluded.recanalization_0, '
 'recanalization_1 = recanalization_1 + excluded.recanalization_1, recanalization_2 = '
 'recanalization_2 + excluded.recanalization_2, good_outcome_90d_0 = good_outcome_90d_0 + '
 'excluded.good_outcome_90d_0, good_outcome_90d_1 = good_outcome_90d_1 + '
 'excluded.good_outcome_90d_1, good_outcome_90d_2 = good_outcome_90d_2 + '
 'excluded.good_outcome_90d_2, excellent_outcome_90d_0 = excellent_outcome_90d_0 + '
 'excluded.excellent_outcome_90d_0, excellent_outcome_90d_1 = excellent_outcome_90d_1 + '
 'excluded.excellent_outcome_90d_1, excellent_outcome_90d_2 = excellent_outcome_90d_2 + '
 'excluded.excellent_outcome_90d_2, favourable_outcome_90d_0 = favourable_outcome_90d_0 + '
 'excluded.favourable_outcome_90d_0, favourable_outcome_90d_1 = favourable_outcome_90d_1 + '
 'excluded.favourable_outcome_90d_1, favourable_outcome_90d_2 = favourable_outcome_90d_2 + '
 'excluded.favourable_outcome_90d_2, sich_0 = sich_0 + excluded.sich_0, sich_1 = sich_1 + '
 'excluded.sich_1, sich_2 = sich_2 + excluded.sich_2, mortality_90d_0 = mortality_90d_0 + '
 'excluded.mortality_90d_0, mortality_90d_1 = mortality_90d_1 + excluded.mortality_90d_1, '
 'mortality_90d_2 = mortality_90d_2 + excluded.mortality_90d_2, reocclusion_0 = reocclusion_0 + '
 'excluded.reocclusion_0, reocclusion_1 = reocclusion_1 + excluded.reocclusion_1, reocclusion_2 = '
 'reocclusion_2 + excluded.reocclusion_2, first_pass_effect_0 = first_pass_effect_0 + '
 'excluded.first_pass_effect_0, first_pass_effect_1 = first_pass_effect_1 + '
 'excluded.first_pass_effect_1, first_pass_effect_2 = first_pass_effect_2 + '
 'excluded.first_pass_effect_2, modified_first_pass_effect_0 = modified_first_pass_effect_0 + '
 'excluded.modified_first_pass_effect_0, modified_first_pass_effect_1 = '
 'modified_first_pass_effect_1 + excluded.modified_first_pass_effect_1, '
 'modified_first_pass_effect_2 = modified_first_pass_effect_2 + '
 'excluded.modified_first_pass_effect_2, followup_0_0 = followup_0_0 + excluded.followup_0_0, '
 'followup_0_1 = followup_0_1 + excluded.followup_0_1, followup_0_2 = followup_0_2 + '
 'excluded.followup_0_2, followup_0_3 = followup_0_3 + excluded.followup_0_3, followup_0_4 = '
 'followup_0_4 + excluded.followup_0_4, followup_1_0 = followup_1_0 + excluded.followup_1_0, '
 'followup_1_1 = followup_1_1 + excluded.followup_1_1, followup_1_2 = followup_1_2 + '
 'excluded.followup_1_2, followup_1_3 = followup_1_3 + excluded.followup_1_3, followup_1_4 = '
 'followup_1_4 + excluded.followup_1_4, followup_2_0 = followup_2_0 + excluded.followup_2_0, '
 'followup_2_1 = followup_2_1 + excluded.followup_2_1, followup_2_2 = followup_2_2 + '
 'excluded.followup_2_2, followup_2_3 = followup_2_3 + excluded.followup_2_3, followup_2_4 = '
 'followup_2_4 + excluded.followup_2_4; INSERT INTO stats_values (month, measure, value, n) SELECT '
 "substr(coalesce(old.procedure_date, ''), 1, 7), measure, value, -1 FROM (SELECT "
 "'door_to_imaging' AS measure, old.door_to_imaging AS value UNION ALL SELECT 'door_to_puncture' "
 "AS measure, old.door_to_puncture AS value UNION ALL SELECT 'imaging_to_puncture' AS measure, "
 "old.imaging_to_puncture AS value UNION ALL SELECT 'onset_to_puncture' AS measure, "
 "old.onset_to_puncture AS value UNION ALL SELECT 'puncture_to_reperfusion' AS measure, "
 "old.puncture_to_reperfusion AS value UNION ALL SELECT 'onset_to_reperfusion' AS measure, "
 "old.onset_to_reperfusion AS value UNION ALL SELECT 'procedure_duration' AS measure, "
 "old.procedure_duration AS value UNION ALL SELECT 'pass_count' AS measure, old.pass_count AS "
 "value UNION ALL SELECT 'sich_definition' AS measure, CASE WHEN (old.sich IS NULL) THEN NULL ELSE "
 "CASE old.sich_definition WHEN 'heidelberg' THEN 0 WHEN 'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN "
 "'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' THEN 5 ELSE -1 END END AS value) WHERE "
 "value IS NOT NULL AND old.territory = 'cerebral' AND old.deleted_at IS NULL ON CONFLICT "
 '(measure, value, month) DO UPDATE SET n = n + excluded.n; INSERT INTO stats_days (day, failed, '
 'stent, n, recanalization_0, recanalization_1, recanalization_2, good_outcome_90d_0, '
 'good_outcome_90d_1, good_outcome_90d_2, excellent_outcome_90d_0, excellent_outcome_90d_1, '
 'excellent_outcome_90d_2, favourable_outcome_90d_0, favourable_outcome_90d_1, '
 'favourable_outcome_90d_2, sich_0, sich_1, sich_2, mortality_90d_0, mortality_90d_1, '
 'mortality_90d_2, reocclusion_0, reocclusion_1, reocclusion_2, first_pass_effect_0, '
 'first_pass_effect_1, first_pass_effect_2, modified_first_pass_effect_0, '
 'modified_first_pass_effect_1, modified_first_pass_effect_2, followup_0_0, followup_0_1, '
 'followup_0_2, followup_0_3, followup_0_4, followup_1_0, followup_1_1, followup_1_2, '
 'followup_1_3, followup_1_4, followup_2_0, followup_2_1, followup_2_2, followup_2_3, '
 "followup_2_4) SELECT coalesce(new.procedure_date, ''), coalesce(new.mt_failed, 2), "
 'coalesce(new.rescue_stent, 2), 1, 1 * (coalesce(CAST(new.recanalized AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1), 1 * (coalesce(CAST(new.recanalized AS '
 'INTEGER), 2) = 2), 1 * (coalesce(CAST(new.good_outcome_90d AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.good_outcome_90d AS INTEGER), 2) = 1), 1 * '
 '(coalesce(CAST(new.good_outcome_90d AS INTEGER), 2) = 2), 1 * (coalesce(CAST(CASE WHEN '
 '(new.mortality_90d IS 1) THEN 0 ELSE CAST(new.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 0), '
 '1 * (coalesce(CAST(CASE WHEN (new.mortality_90d IS 1) THEN 0 ELSE CAST(new.mrs_90d <= 1 AS '
 'INTEGER) END AS INTEGER), 2) = 1), 1 * (coalesce(CAST(CASE WHEN (new.mortality_90d IS 1) THEN 0 '
 'ELSE CAST(new.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2), 1 * (coalesce(CAST(CASE WHEN '
 '(new.mortality_90d IS 1) THEN 0 ELSE CAST(new.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 0), '
 '1 * (coalesce(CAST(CASE WHEN (new.mortality_90d IS 1) THEN 0 ELSE CAST(new.mrs_90d <= 3 AS '
 'INTEGER) END AS INTEGER), 2) = 1), 1 * (coalesce(CAST(CASE WHEN (new.mortality_90d IS 1) THEN 0 '
 'ELSE CAST(new.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2), 1 * (coalesce(CAST(new.sich AS '
 'INTEGER), 2) = 0), 1 * (coalesce(CAST(new.sich AS INTEGER), 2) = 1), 1 * (coalesce(CAST(new.sich '
 'AS INTEGER), 2) = 2), 1 * (coalesce(CAST(new.mortality_90d AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.mortality_90d AS INTEGER), 2) = 1), 1 * (coalesce(CAST(new.mortality_90d AS '
 'INTEGER), 2) = 2), 1 * (coalesce(CAST(new.reocclusion AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.reocclusion AS INTEGER), 2) = 1), 1 * (coalesce(CAST(new.reocclusion AS '
 'INTEGER), 2) = 2), 1 * (coalesce(CAST(new.first_pass_effect AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.first_pass_effect AS INTEGER), 2) = 1), 1 * '
 '(coalesce(CAST(new.first_pass_effect AS INTEGER), 2) = 2), 1 * '
 '(coalesce(CAST(new.modified_first_pass_effect AS INTEGER), 2) = 0), 1 * '
 '(coalesce(CAST(new.modified_first_pass_effect AS INTEGER), 2) = 1), 1 * '
 '(coalesce(CAST(new.modified_first_pass_effect AS INTEGER), 2) = 2), 1 * '
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 0 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 1 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3), 1 * "
 "(coalesce(CAST(new.recanalized AS INTEGER), 2) = 2 AND CASE new.followup_settled WHEN 'done' "
 "THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4) WHERE "
 "new.territory = 'cerebral' AND new.deleted_at IS NULL ON CONFLICT (day, failed, stent) DO UPDATE "
 'SET n = n + excluded.n, recanalization_0 = recanalization_0 + excluded.recanalization_0, '
 'recanalization_1 = recanalization_1 + excluded.recanalization_1, recanalization_2 = '
 'recanalization_2 + excluded.recanalization_2, good_outcome_90d_0 = good_outcome_90d_0 + '
 'excluded.good_outcome_90d_0, good_outcome_90d_1 = good_outcome_90d_1 + '
 'excluded.good_outcome_90d_1, good_outcome_90d_2 = good_outcome_90d_2 + '
 'excluded.good_outcome_90d_2, excellent_outcome_90d_0 = excellent_outcome_90d_0 + '
 'excluded.excellent_outcome_90d_0, excellent_outcome_90d_1 = excellent_outcome_90d_1 + '
 'excluded.excellent_outcome_90d_1, excellent_outcome_90d_2 = excellent_outcome_90d_2 + '
 'excluded.excellent_outcome_90d_2, favourable_outcome_90d_0 = favourable_outcome_90d_0 + '
 'excluded.favourable_outcome_90d_0, favourable_outcome_90d_1 = favourable_outcome_90d_1 + '
 'excluded.favourable_outcome_90d_1, favourable_outcome_90d_2 = favourable_outcome_90d_2 + '
 'excluded.favourable_outcome_90d_2, sich_0 = sich_0 + excluded.sich_0, sich_1 = sich_1 + '
 'excluded.sich_1, sich_2 = sich_2 + excluded.sich_2, mortality_90d_0 = mortality_90d_0 + '
 'excluded.mortality_90d_0, mortality_90d_1 = mortality_90d_1 + excluded.mortality_90d_1, '
 'mortality_90d_2 = mortality_90d_2 + excluded.mortality_90d_2, reocclusion_0 = reocclusion_0 + '
 'excluded.reocclusion_0, reocclusion_1 = reocclusion_1 + excluded.reocclusion_1, reocclusion_2 = '
 'reocclusion_2 + excluded.reocclusion_2, first_pass_effect_0 = first_pass_effect_0 + '
 'excluded.first_pass_effect_0, first_pass_effect_1 = first_pass_effect_1 + '
 'excluded.first_pass_effect_1, first_pass_effect_2 = first_pass_effect_2 + '
 'excluded.first_pass_effect_2, modified_first_pass_effect_0 = modified_first_pass_effect_0 + '
 'excluded.modified_first_pass_effect_0, modified_first_pass_effect_1 = '
 'modified_first_pass_effect_1 + excluded.modified_first_pass_effect_1, '
 'modified_first_pass_effect_2 = modified_first_pass_effect_2 + '
 'excluded.modified_first_pass_effect_2, followup_0_0 = followup_0_0 + excluded.followup_0_0, '
 'followup_0_1 = followup_0_1 + excluded.followup_0_1, followup_0_2 = followup_0_2 + '
 'excluded.followup_0_2, followup_0_3 = followup_0_3 + excluded.followup_0_3, followup_0_4 = '
 'followup_0_4 + excluded.followup_0_4, followup_1_0 = followup_1_0 + excluded.followup_1_0, '
 'followup_1_1 = followup_1_1 + excluded.followup_1_1, followup_1_2 = followup_1_2 + '
 'excluded.followup_1_2, followup_1_3 = followup_1_3 + excluded.followup_1_3, followup_1_4 = '
 'followup_1_4 + excluded.followup_1_4, followup_2_0 = followup_2_0 + excluded.followup_2_0, '
 'followup_2_1 = followup_2_1 + excluded.followup_2_1, followup_2_2 = followup_2_2 + '
 'excluded.followup_2_2, followup_2_3 = followup_2_3 + excluded.followup_2_3, followup_2_4 = '
 'followup_2_4 + excluded.followup_2_4; INSERT INTO stats_values (month, measure, value, n) SELECT '
 "substr(coalesce(new.procedure_date, ''), 1, 7), measure, value, 1 FROM (SELECT 'door_to_imaging' "
 "AS measure, new.door_to_imaging AS value UNION ALL SELECT 'door_to_puncture' AS measure, "
 "new.door_to_puncture AS value UNION ALL SELECT 'imaging_to_puncture' AS measure, "
 "new.imaging_to_puncture AS value UNION ALL SELECT 'onset_to_puncture' AS measure, "
 "new.onset_to_puncture AS value UNION ALL SELECT 'puncture_to_reperfusion' AS measure, "
 "new.puncture_to_reperfusion AS value UNION ALL SELECT 'onset_to_reperfusion' AS measure, "
 "new.onset_to_reperfusion AS value UNION ALL SELECT 'procedure_duration' AS measure, "
 "new.procedure_duration AS value UNION ALL SELECT 'pass_count' AS measure, new.pass_count AS "
 "value UNION ALL SELECT 'sich_definition' AS measure, CASE WHEN (new.sich IS NULL) THEN NULL ELSE "
 "CASE new.sich_definition WHEN 'heidelberg' THEN 0 WHEN 'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN "
 "'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' THEN 5 ELSE -1 END END AS value) WHERE "
 "value IS NOT NULL AND new.territory = 'cerebral' AND new.deleted_at IS NULL ON CONFLICT "
 '(measure, value, month) DO UPDATE SET n = n + excluded.n; END']

ALL_DAYS = "SELECT coalesce(procedure_date, ''), coalesce(mt_failed, 2), coalesce(rescue_stent, 2), sum(1), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(cases.good_outcome_90d AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(cases.good_outcome_90d AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(cases.good_outcome_90d AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(CASE WHEN (cases.mortality_90d IS 1) THEN 0 ELSE CAST(cases.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(CASE WHEN (cases.mortality_90d IS 1) THEN 0 ELSE CAST(cases.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(CASE WHEN (cases.mortality_90d IS 1) THEN 0 ELSE CAST(cases.mrs_90d <= 1 AS INTEGER) END AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(CASE WHEN (cases.mortality_90d IS 1) THEN 0 ELSE CAST(cases.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(CASE WHEN (cases.mortality_90d IS 1) THEN 0 ELSE CAST(cases.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(CASE WHEN (cases.mortality_90d IS 1) THEN 0 ELSE CAST(cases.mrs_90d <= 3 AS INTEGER) END AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(cases.sich AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(cases.sich AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(cases.sich AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(cases.mortality_90d AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(cases.mortality_90d AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(cases.mortality_90d AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(cases.reocclusion AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(cases.reocclusion AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(cases.reocclusion AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(cases.first_pass_effect AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(cases.first_pass_effect AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(cases.first_pass_effect AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(cases.modified_first_pass_effect AS INTEGER), 2) = 0)), sum(1 * (coalesce(CAST(cases.modified_first_pass_effect AS INTEGER), 2) = 1)), sum(1 * (coalesce(CAST(cases.modified_first_pass_effect AS INTEGER), 2) = 2)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 0 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 0 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 0 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 0 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 0 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 1 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 1 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 1 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 1 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 1 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 2 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 0)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 2 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 1)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 2 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 2)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 2 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 3)), sum(1 * (coalesce(CAST(cases.recanalized AS INTEGER), 2) = 2 AND CASE cases.followup_settled WHEN 'done' THEN 0 WHEN 'deceased' THEN 1 WHEN 'lost' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END = 4)) FROM cases WHERE cases.territory = 'cerebral' AND cases.deleted_at IS NULL GROUP BY 1, 2, 3"

ALL_VALUES = "SELECT month, measure, value, count(*) FROM (SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'door_to_imaging' AS measure, cases.door_to_imaging AS value FROM cases WHERE cases.door_to_imaging IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL UNION ALL SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'door_to_puncture' AS measure, cases.door_to_puncture AS value FROM cases WHERE cases.door_to_puncture IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL UNION ALL SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'imaging_to_puncture' AS measure, cases.imaging_to_puncture AS value FROM cases WHERE cases.imaging_to_puncture IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL UNION ALL SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'onset_to_puncture' AS measure, cases.onset_to_puncture AS value FROM cases WHERE cases.onset_to_puncture IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL UNION ALL SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'puncture_to_reperfusion' AS measure, cases.puncture_to_reperfusion AS value FROM cases WHERE cases.puncture_to_reperfusion IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL UNION ALL SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'onset_to_reperfusion' AS measure, cases.onset_to_reperfusion AS value FROM cases WHERE cases.onset_to_reperfusion IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL UNION ALL SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'procedure_duration' AS measure, cases.procedure_duration AS value FROM cases WHERE cases.procedure_duration IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL UNION ALL SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'pass_count' AS measure, cases.pass_count AS value FROM cases WHERE cases.pass_count IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL UNION ALL SELECT substr(coalesce(procedure_date, ''), 1, 7) AS month, 'sich_definition' AS measure, CASE WHEN (cases.sich IS NULL) THEN NULL ELSE CASE cases.sich_definition WHEN 'heidelberg' THEN 0 WHEN 'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN 'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' THEN 5 ELSE -1 END END AS value FROM cases WHERE CASE WHEN (cases.sich IS NULL) THEN NULL ELSE CASE cases.sich_definition WHEN 'heidelberg' THEN 0 WHEN 'ecass2' THEN 1 WHEN 'ecass3' THEN 2 WHEN 'sits_most' THEN 3 WHEN 'ninds' THEN 4 WHEN 'cstk05' THEN 5 ELSE -1 END END IS NOT NULL AND cases.territory = 'cerebral' AND cases.deleted_at IS NULL) GROUP BY 1, 2, 3"
