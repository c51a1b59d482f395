package main

import (
	"strconv"
	"strings"
	"time"
)

type record struct {
	id                    int
	at                    time.Time
	region, plan, channel string
	score                 int
	blank                 bool
	comment               string
	user                  int // the respondent, named in the e-mail
}

func (rec *record) email() string { return "user" + strconv.Itoa(rec.user) + "@example.com" }

func (rec *record) appendCSV(b []byte) []byte {
	b = append(b, 'R')
	b = strconv.AppendInt(b, int64(rec.id), 10)
	b = append(b, ',')
	b = rec.at.AppendFormat(b, time.RFC3339)
	b = append(b, ',')
	b = append(b, rec.email()...)
	b = append(b, ',')
	b = append(b, rec.region...)
	b = append(b, ',')
	b = append(b, rec.plan...)
	b = append(b, ',')
	b = append(b, rec.channel...)
	b = append(b, ',')
	if !rec.blank {
		b = strconv.AppendInt(b, int64(rec.score), 10)
	}
	b = append(b, ',')
	if rec.comment != "" {
		b = append(b, '"')
		b = append(b, strings.ReplaceAll(rec.comment, `"`, `""`)...)
		b = append(b, '"')
	}
	return append(b, '\n')
}

func (rec *record) appendJSON(b []byte) []byte {
	b = append(b, `{"response_id":"R`...)
	b = strconv.AppendInt(b, int64(rec.id), 10)
	b = append(b, `","submitted_at":"`...)
	b = rec.at.AppendFormat(b, time.RFC3339)
	b = append(b, `","email":"`...)
	b = append(b, rec.email()...)
	b = append(b, `","region":"`...)
	b = append(b, rec.region...)
	b = append(b, `","plan":"`...)
	b = append(b, rec.plan...)
	b = append(b, `","channel":"`...)
	b = append(b, rec.channel...)
	b = append(b, `","score":`...)
	if rec.blank {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(rec.score), 10)
	}
	b = append(b, `,"comment":`...)
	b = strconv.AppendQuote(b, rec.comment)
	return append(b, '}')
}
