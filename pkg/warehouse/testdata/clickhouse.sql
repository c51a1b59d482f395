SELECT nps_k0 AS `order`,
       nps_k1 AS `Région`,
       nps_k2 AS `we"ird`,
       nps_d AS `date`,
       nps_s AS `score`,
       SUM(nps_c) AS `count`,
       SUM(nps_sw) AS `weight`,
       SUM(nps_sw2) AS `weight_sq`
FROM (
  SELECT nps_k0,
         nps_k1,
         nps_k2,
         nps_d,
         CASE
              WHEN nps_nbad = 1 THEN 'invalid'
              WHEN upper(nps_v) IN ('', 'N/A', 'NA', 'NULL') THEN ''
              WHEN match(nps_v, '^0*([0-9]|1[01])([.]0*)?$') THEN CASE WHEN nps_wbad = 1 THEN 'invalid' ELSE extract(nps_v, '^0*([0-9]|1[01])([.]0*)?$') END
              ELSE 'invalid' END AS nps_s,
         nps_c,
         nps_sw,
         nps_sw2
  FROM (
    SELECT nps_k0,
           nps_k1,
           nps_k2,
           nps_d,
           nps_v,
           nps_nbad,
           nps_wbad,
           SUM(nps_n) AS nps_c,
           SUM(nps_w * nps_n) AS nps_sw,
           SUM(nps_w * nps_w * nps_n) AS nps_sw2
    FROM (
      SELECT ifNull(toString(`order`), '') AS nps_k0,
             ifNull(toString(`Région`), '') AS nps_k1,
             ifNull(toString(`we"ird`), '') AS nps_k2,
             toMonday(toDate(`submitted_at`, 'Europe/Berlin')) AS nps_d,
             ifNull(replaceRegexpAll(toString(`score`), '^ +| +$', ''), '') AS nps_v,
             CASE WHEN `n` IS NULL OR `n` < 0 THEN 1 ELSE toInt64(`n`) END AS nps_n,
             CASE WHEN `n` IS NULL OR `n` < 0 THEN 1 ELSE 0 END AS nps_nbad,
             toFloat64(`w`) AS nps_w,
             CASE WHEN toFloat64(`w`) IS NULL OR toFloat64(`w`) < 0 THEN 1 ELSE 0 END AS nps_wbad
      FROM analytics.responses
      WHERE ifNull(replaceRegexpAll(toString(`plan`), '^ +| +$', ''), '') = 'x\' OR 1=1 --\\'
        AND ifNull(replaceRegexpAll(toString(`channel`), '^ +| +$', ''), '') <> 'web'
        AND toDate(`submitted_at`, 'Europe/Berlin') >= toDate('2024-12-01')
        AND toDate(`submitted_at`, 'Europe/Berlin') <= toDate('2025-03-31')
    ) AS nps_r
    GROUP BY nps_k0, nps_k1, nps_k2, nps_d, nps_v, nps_nbad, nps_wbad
  ) AS nps_g
) AS nps_t
GROUP BY nps_k0, nps_k1, nps_k2, nps_d, nps_s
