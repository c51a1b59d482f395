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
              WHEN nps_v ~ '^0*([0-9]|1[01])([.]0*)?$' THEN CASE WHEN nps_wbad = 1 THEN 'invalid' ELSE substring(nps_v from '^0*([0-9]|1[01])([.]0*)?$') END
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
      SELECT COALESCE(CAST("order" AS text), '') AS nps_k0,
             COALESCE(CAST("Région" AS text), '') AS nps_k1,
             COALESCE(CAST("we""ird" AS text), '') AS nps_k2,
             CAST(date_trunc('week', CAST(CAST(CAST("submitted_at" AS timestamptz) AT TIME ZONE 'Europe/Berlin' AS date) AS timestamp)) AS date) AS nps_d,
             COALESCE(TRIM(CAST("score" AS text)), '') AS nps_v,
             CASE WHEN "n" IS NULL OR "n" < 0 THEN 1 ELSE CAST("n" AS BIGINT) END AS nps_n,
             CASE WHEN "n" IS NULL OR "n" < 0 THEN 1 ELSE 0 END AS nps_nbad,
             CAST("w" AS double precision) AS nps_w,
             CASE WHEN CAST("w" AS double precision) IS NULL OR CAST("w" AS double precision) < 0 THEN 1 ELSE 0 END AS nps_wbad
      FROM analytics.responses
      WHERE COALESCE(TRIM(CAST("plan" AS text)), '') = 'x'' OR 1=1 --\'
        AND COALESCE(TRIM(CAST("channel" AS text)), '') <> 'web'
        AND CAST(CAST("submitted_at" AS timestamptz) AT TIME ZONE 'Europe/Berlin' AS date) >= DATE '2024-12-01'
        AND CAST(CAST("submitted_at" AS timestamptz) AT TIME ZONE 'Europe/Berlin' AS date) <= DATE '2025-03-31'
    ) AS nps_r
    GROUP BY nps_k0, nps_k1, nps_k2, nps_d, nps_v, nps_nbad, nps_wbad
  ) AS nps_g
) AS nps_t
GROUP BY nps_k0, nps_k1, nps_k2, nps_d, nps_s
