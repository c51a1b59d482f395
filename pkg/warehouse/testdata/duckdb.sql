SELECT nps_k0 AS "order",
       nps_k1 AS "Région",
       nps_k2 AS "we""ird",
       nps_d AS "date",
       nps_s AS "score",
       SUM(nps_c) AS "count",
       SUM(nps_sw) AS "weight",
       SUM(nps_sw2) AS "weight_sq"
FROM (
  SELECT nps_k0,
         nps_k1,
         nps_k2,
         nps_d,
         CASE
              WHEN nps_nbad = 1 THEN 'invalid'
              WHEN upper(nps_v) IN ('', 'N/A', 'NA', 'NULL') THEN ''
              WHEN regexp_full_match(nps_v, '^0*([0-9]|1[01])([.]0*)?$') THEN CASE WHEN nps_wbad = 1 THEN 'invalid' ELSE regexp_extract(nps_v, '^0*([0-9]|1[01])([.]0*)?$', 1) END
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
      SELECT COALESCE(CAST("order" AS VARCHAR), '') AS nps_k0,
             COALESCE(CAST("Région" AS VARCHAR), '') AS nps_k1,
             COALESCE(CAST("we""ird" AS VARCHAR), '') AS nps_k2,
             CAST(date_trunc('week', CAST(timezone('Europe/Berlin', CAST("submitted_at" AS TIMESTAMPTZ)) AS DATE)) AS DATE) AS nps_d,
             COALESCE(TRIM(CAST("score" AS VARCHAR)), '') AS nps_v,
             CASE WHEN "n" IS NULL OR "n" < 0 THEN 1 ELSE CAST("n" AS BIGINT) END AS nps_n,
             CASE WHEN "n" IS NULL OR "n" < 0 THEN 1 ELSE 0 END AS nps_nbad,
             CAST("w" AS DOUBLE) AS nps_w,
             CASE WHEN CAST("w" AS DOUBLE) IS NULL OR CAST("w" AS DOUBLE) < 0 THEN 1 ELSE 0 END AS nps_wbad
      FROM analytics.responses
      WHERE COALESCE(TRIM(CAST("plan" AS VARCHAR)), '') = 'x'' OR 1=1 --\'
        AND COALESCE(TRIM(CAST("channel" AS VARCHAR)), '') <> 'web'
        AND CAST(timezone('Europe/Berlin', CAST("submitted_at" AS TIMESTAMPTZ)) AS DATE) >= DATE '2024-12-01'
        AND CAST(timezone('Europe/Berlin', CAST("submitted_at" AS TIMESTAMPTZ)) AS DATE) <= DATE '2025-03-31'
    ) AS nps_r
    GROUP BY nps_k0, nps_k1, nps_k2, nps_d, nps_v, nps_nbad, nps_wbad
  ) AS nps_g
) AS nps_t
GROUP BY nps_k0, nps_k1, nps_k2, nps_d, nps_s
