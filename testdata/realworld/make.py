#!/usr/bin/env python3
"""Writes the issue-11 corpus: anonymised exports shaped like the real files
the issue describes (no real respondent's data; every value is drawn here
from a fixed seed), and ../../cmd/nps/testdata/script/realworld.txtar with
the expected numbers computed here, independently of nps.

Run from this folder: python3 make.py
"""
import collections, csv, io, random

rng = random.Random(11)
script = []

def say(*lines):
    script.extend(lines)

def tally(scores):
    """n, promoters, passives, detractors and NPS of valid 0-10 scores."""
    n = len(scores)
    p = sum(1 for s in scores if s >= 9)
    pa = sum(1 for s in scores if 7 <= s <= 8)
    d = sum(1 for s in scores if s <= 6)
    return n, p, pa, d, 100.0 * (p - d) / n

def nps_re(v):
    """A regexp for an NPS value as nps writes it unrounded in CSV."""
    s = repr(v)
    if s.endswith(".0"):
        s = s[:-2]
    s = s.replace(".", r"\.")
    return s[:12] if len(s) > 12 else s + ","

def expect_rows(cmd, rows):
    say("exec " + cmd)
    for key, sc in rows:
        n, p, pa, d, v = tally(sc)
        prefix = (key + ",") if key else ""
        say("stdout '^%s%d,%d,%d,%d,[^,]*,[^,]*,[^,]*,%s'" % (prefix, n, p, pa, d, nps_re(v)))

def write(name, rows, enc="utf-8"):
    b = io.StringIO()
    csv.writer(b, lineterminator="\n").writerows(rows)
    open(name, "wb").write(b.getvalue().encode(enc))

def score():
    # a plausible NPS mix: more promoters than detractors
    return rng.choice([10, 10, 9, 9, 9, 8, 8, 7, 7, 6, 5, 3, 0])

say("# Issue 11: exports shaped like the real files of the issue (fixtures in",
    "# testdata/realworld, written by make.py, which also computed every",
    "# number below independently of nps).", "")

# 1. SaaS: created_at is the signup, surveyed_at the answer.
rows = [["user_id", "plan", "created_at", "surveyed_at", "score", "comment"]]
by_month = collections.defaultdict(list)
for i in range(60):
    m = 1 + i % 3
    day = 1 + rng.randrange(27)
    s = score()
    signup = "2020-%02d-%02dT09:%02d:00Z" % (12 if m == 1 else m - 1, 1 + rng.randrange(27), rng.randrange(60))
    rows.append([1000 + i, rng.choice(["free", "pro"]), signup, "2021-%02d-%02dT14:%02d:00Z" % (m, day, rng.randrange(60)), s, ""])
    by_month["2021-%02d" % m].append(s)
write("saas-surveyed-at.csv", rows)
say("# SaaS: created_at (signup) and surveyed_at (the answer): months by surveyed_at,",
    "# and one warning naming the choice.")
expect_rows("nps score $EXPORTS/../realworld/saas-surveyed-at.csv --period month -f csv",
            [(k, by_month[k]) for k in sorted(by_month)])
say("stderr -count=1 '^nps: warning: dates from \"surveyed_at\" \\(also present: created_at; --date-col to change\\)$'",
    "# without dates, no word about them",
    "exec nps score $EXPORTS/../realworld/saas-surveyed-at.csv --by plan -f csv",
    "stdout '^plan,n,'", "stdout '^free,'", "stdout '^pro,'",
    "! stderr .", "")

# 2. B2B: End_Date_1 is a contract date, 55% empty, none readable.
rows = [["Account", "Segment", "End_Date_1", "Date Received", "NPS"]]
by_month = collections.defaultdict(list)
for i in range(40):
    m = 5 + i % 2
    s = score()
    end = "" if i % 20 < 11 else rng.choice(["FY24 Q1", "Renewal pending", "TBD"])
    rows.append(["ACME-%03d" % i, rng.choice(["SMB", "Enterprise"]), end, "2023-%02d-%02d" % (m, 1 + rng.randrange(28)), s])
    by_month["2023-%02d" % m].append(s)
write("b2b-end-date.csv", rows)
say("# B2B: End_Date_1 (55% empty, no value a date) is never the date column.")
expect_rows("nps score $EXPORTS/../realworld/b2b-end-date.csv --period month -f csv",
            [(k, by_month[k]) for k in sorted(by_month)])
say("! stderr .", "")

# 3. French Google Forms: Horodateur dd/mm/yyyy, every day 8-12 November.
q = "Quelle est la probabilité que vous recommandiez cette formation à un ami ?"
rows = [["Horodateur", q, "Pourquoi ?"]]
scores = []
for i in range(93):
    s = score()
    rows.append(["%02d/11/2021 %02d:%02d:%02d" % (8 + i % 5, 8 + rng.randrange(10), rng.randrange(60), rng.randrange(60)), s, ""])
    scores.append(s)
write("fr-google-forms.csv", rows)
say("# French Google Forms: 08/11/2021 is 8 November (a French header reads",
    "# day-first): all 93 answers in 2021-11, with the choice in one warning.")
expect_rows("nps score $EXPORTS/../realworld/fr-google-forms.csv --period month -f csv", [("2021-11", scores)])
say("stdout -count=2 '^.'",
    "stderr -count=1 'read as day-first \\(DD/MM/YYYY\\), the order of the header.s language'",
    "exec nps inspect $EXPORTS/../realworld/fr-google-forms.csv",
    "stdout 'date column +Horodateur'",
    "stdout 'date format +02/01/2006 15:04:05 \\(day-first\\)'", "")

# 4. Spanish: NPS holds the labels, ValorNPS the score with a sentinel.
rows = [["ID", "Fecha", "NPS", "ValorNPS", "Canal"]]
scores, sentinels = [], 0
label = lambda s: "Promotor" if s >= 9 else "Pasivo" if s >= 7 else "Detractor"
for i in range(120):
    if i % 17 == 5:
        rows.append([i + 1, "2022-03-%02d" % (1 + i % 28), "", -2147483648, "web"])
        sentinels += 1
        continue
    s = score()
    rows.append([i + 1, "2022-03-%02d" % (1 + i % 28), label(s), s, rng.choice(["web", "tienda"])])
    scores.append(s)
write("es-valornps.csv", rows)
say("# Spanish labels (NPS) beside the score (ValorNPS, sentinel -2147483648",
    "# counted invalid): the labels are the cross-check, never the score.")
expect_rows("nps score $EXPORTS/../realworld/es-valornps.csv -f csv", [("", scores)])
say("stderr -count=1 '^nps: warning: .*es-valornps.csv: %d invalid scores skipped'" % sentinels,
    "stderr -count=1 '^nps: warning: scores from \"ValorNPS\" \\(also present: NPS \\(group labels\\); --score-col to change\\)$'",
    "exec nps inspect $EXPORTS/../realworld/es-valornps.csv",
    "stdout 'score column +ValorNPS'",
    "stdout 'scores +%d valid, 0 blank, %d invalid'" % (len(scores), sentinels),
    "stdout '^ *NPS +nps group'", "")

# 5. Korean Excel CSV in CP949.
q = "지인에게 이 서비스를 추천할 의향이 얼마나 있으십니까?"
rows = [["타임스탬프", q, "의견"]]
by_month = collections.defaultdict(list)
comments = ["서비스가 매우 좋았습니다", "배송이 너무 늦었어요", "보통입니다", "직원이 친절했어요", ""]
for i in range(50):
    m = 4 + i % 2
    s = score()
    rows.append(["2021-%02d-%02d %02d:%02d:00" % (m, 1 + rng.randrange(28), rng.randrange(24), rng.randrange(60)), s, rng.choice(comments)])
    by_month["2021-%02d" % m].append(s)
write("ko-cp949.csv", rows, "cp949")
say("# Korean Excel CSV in CP949: read as EUC-KR/CP949, named in the warning.")
expect_rows("nps score $EXPORTS/../realworld/ko-cp949.csv --period month -f csv",
            [(k, by_month[k]) for k in sorted(by_month)])
say("stderr -count=1 'not valid UTF-8; read as EUC-KR/CP949 \\(Korean\\), judged from its bytes'",
    "exec nps inspect $EXPORTS/../realworld/ko-cp949.csv",
    "stdout 'encoding +euc-kr'",
    "stdout 'date column +타임스탬프'", "")

# 6. Airline: FlightDate M/D/YYYY.
rows = [["FlightDate", "Carrier", "Origin", "Likelihood to recommend"]]
by_carrier = collections.defaultdict(list)
by_month = collections.defaultdict(list)
for i in range(80):
    m, d = 1 + i % 3, 1 + rng.randrange(28)
    s = score()
    c = rng.choice(["AA", "DL", "UA"])
    rows.append(["%d/%d/2019" % (m, d), c, rng.choice(["JFK", "ORD", "SFO"]), s])
    by_carrier[c].append(s)
    by_month["2019-%02d" % m].append(s)
write("flights.csv", rows)
say("# Airline survey: FlightDate (M/D/YYYY) is the date column.")
expect_rows("nps score $EXPORTS/../realworld/flights.csv --period month -f csv",
            [(k, by_month[k]) for k in sorted(by_month)])
expect_rows("nps score $EXPORTS/../realworld/flights.csv --by Carrier -f csv",
            [(k, by_carrier[k]) for k in sorted(by_carrier)])
say("")

# 7. Analyst dataset: year_month stored as 202104.
rows = [["region", "year_month", "nps_score"]]
by_month = collections.defaultdict(list)
for i in range(45):
    ym = [202104, 202105, 202106][i % 3]
    s = score()
    rows.append([rng.choice(["EU", "US"]), ym, s])
    by_month["%d-%02d" % (ym // 100, ym % 100)].append(s)
write("year-month.csv", rows)
say("# year_month as YYYYMM integers.")
expect_rows("nps score $EXPORTS/../realworld/year-month.csv --period month -f csv",
            [(k, by_month[k]) for k in sorted(by_month)])
say("! stderr .", "")

# 8. Customer NPS and employee NPS in one file: a usage error naming both.
a = "How likely are you to recommend Acme to a friend?"
b = "How likely are you to recommend Acme as a place to work?"
rows = [["Timestamp", a, b]] + [["2024-01-%02d" % (i + 1), score(), score()] for i in range(10)]
write("two-questions.csv", rows)
say("# Two NPS questions: exit 2 naming both.",
    "status 2 nps score $EXPORTS/../realworld/two-questions.csv",
    "stderr 'several columns could hold the score: %s, %s; choose one with --score-col'" % (a.replace("?", "\\?"), b.replace("?", "\\?")),
    "! stdout .",
    "exec nps score $EXPORTS/../realworld/two-questions.csv --score-col '#2' -f csv",
    "stdout '^10,'", "")

# 10. eNPS sheet, one row per question and answer (Pergunta/Resposta).
nps_q = "De 0 a 10, o quanto você recomendaria a empresa como um lugar para trabalhar?"
others = ["Como você avalia seu gestor?", "Você se sente valorizado?", "Comentários"]
rows = [["Colaborador", "Area", "Data", "Pergunta", "Resposta"]]
by_area = collections.defaultdict(list)
scores = []
for i in range(36):
    area = rng.choice(["Vendas", "TI", "RH"])
    day = "%02d/03/2022" % (1 + rng.randrange(28))
    s = score()
    for q in [others[0], nps_q, others[1], others[2]]:
        ans = s if q == nps_q else ("Tudo certo" if q == others[2] else rng.randrange(1, 6))
        rows.append([i + 1, area, day, q, ans])
    by_area[area].append(s)
    scores.append(s)
write("enps-long.csv", rows)
say("# eNPS in a long layout: the answers to the NPS question alone, named in",
    "# one warning; the other questions' rows are left out.")
expect_rows("nps score $EXPORTS/../realworld/enps-long.csv -f csv", [("", scores)])
say("stderr -count=1 'one row per question: scores from \"Resposta\" on the rows where \"Pergunta\" is'")
expect_rows("nps score $EXPORTS/../realworld/enps-long.csv --by Area -q -f csv",
            [(k, by_area[k]) for k in sorted(by_area)])
expect_rows("nps score $EXPORTS/../realworld/enps-long.csv --period month -q -f csv", [("2022-03", scores)])
say("")

# 9. Dates that cannot be read: counted, reported, and named as the cause.
rows = [["region", "year_month", "nps_score"], ["EU", "2021/4", 9], ["US", "2021/5", 3]]
write("year-month-slash.csv", rows)
rows = [["region", "year_month", "nps_score"], ["EU", 202104, 9], ["US", 202105, 3], ["US", "2021-13", 10]]
write("year-month-one-bad.csv", rows)
say("# Unreadable dates: no column is guessed; named with --date-col, the error",
    "# names the dates as the cause; one bad date is counted in JSON and the footer.",
    "status 2 nps score $EXPORTS/../realworld/year-month-slash.csv --period month",
    "stderr 'no date column found: none of the values of \"year_month\" reads as a date \\(such as \"2021/4\"\\)'",
    "status 1 nps score $EXPORTS/../realworld/year-month-slash.csv --period month --date-col year_month",
    "stderr 'no valid score in 2 rows \\(0 blank, 0 invalid, 2 without a readable date\\): none of the 2 dates in column \"year_month\" could be read; set --date-format'",
    "exec nps score $EXPORTS/../realworld/year-month-slash.csv --period month --date-col year_month --date-format 2006/1 -f csv",
    "stdout '^2021-04,1,1,0,0,'",
    "exec nps score $EXPORTS/../realworld/year-month-one-bad.csv --period month -f json",
    "stdout '\"skipped_dates\": 1'",
    "exec nps score $EXPORTS/../realworld/year-month-one-bad.csv --period month",
    "stdout 'Not counted: 1 without a readable date\\.'",
    "stderr '1 row with a missing or unreadable date skipped \\(line 4\\)'", "")

open("../../cmd/nps/testdata/script/realworld.txtar", "w").write("\n".join(script) + "\n")
