package reader

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
)

const maxSamples = 3

// Inspect reads the inputs to the end and reports what was detected.
func Inspect(paths []string, stdin io.Reader, opt survey.Options) (*survey.Report, error) {
	opt.Where, opt.Since, opt.Until, opt.LatestPer, opt.NeedDate = nil, time.Time{}, time.Time{}, "", false
	opt.Strict = false
	r, err := open(paths, stdin, opt, true)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	st := &r.readerState
	rep := &survey.Report{Roles: st.roles, RoleError: st.roleErr, Scale: "0-10"}
	if st.lo == 1 {
		rep.Scale = "1-11"
	}
	cols := make([]survey.ColumnReport, len(st.columns))
	for i, c := range st.columns {
		cols[i] = survey.ColumnReport{Name: c, Question: st.meta[i].question, Zone: st.meta[i].zone}
	}
	setRole := func(i int, role string) {
		if i >= 0 {
			cols[i].Role = role
		}
	}
	setRole(st.roles.Score, "score")
	setRole(st.roles.Date, "date")
	setRole(st.roles.ID, "id")
	setRole(st.roles.Comment, "comment")
	setRole(st.roles.Weight, "weight")
	setRole(st.roles.WeightSq, "weight squares")
	setRole(st.roles.Count, "count")
	if st.roles.Score >= 0 {
		rep.ScoreCol = st.columns[st.roles.Score]
		setRole(st.groupCol, "nps group")
	}

	// Dates: the reader's own sample decides day-first vs month-first
	// (nextRow), then every value is parsed.
	dp := st.dp
	if dc := st.roles.Date; dc >= 0 {
		rep.DateCol = st.columns[dc]
		rep.DateZone = st.zone.String()
	}
	for {
		src, line, err := st.nextRow()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		f := st.fields
		for i, v := range f {
			c := &cols[i]
			v = strings.TrimSpace(v)
			if v == "" {
				c.Empty++
				continue
			}
			c.Filled++
			if len(c.Samples) < maxSamples && !contains(c.Samples, v) {
				c.Samples = append(c.Samples, truncate(v, 40))
			}
		}
		if sc := st.roles.Score; sc >= 0 {
			// The same checks as reading for real, without the filters.
			ok, err := st.eval(src, line)
			if err != nil {
				return nil, err
			}
			if ok {
				st.count(st.resp.Status, st.resp.Count)
			}
		}
		if dp != nil {
			if v := strings.TrimSpace(f[st.roles.Date]); v == "" {
			} else if t, ok := dp.Parse(v); !ok {
				rep.BadDates++
			} else {
				if rep.DateFirst.IsZero() || t.Before(rep.DateFirst) {
					rep.DateFirst = t
				}
				if rep.DateLast.IsZero() || t.After(rep.DateLast) {
					rep.DateLast = t
				}
			}
		}
		rep.Rows++
	}
	if st.roles.Score >= 0 {
		if err := st.atEOF(); err != nil && !errors.Is(err, io.EOF) {
			rep.Scale = "1-11"
			rep.Warnings = append(rep.Warnings, err.Error())
		}
	}
	rep.Valid, rep.Blank, rep.Invalid = st.stats.Valid, st.stats.Blank, st.stats.Invalid
	if dp != nil {
		rep.DateLayout = dp.Layout()
		if o := dp.Order(); o != dates.Undecided {
			rep.DateOrder = o.String()
		}
	}
	if dw := st.dateWarning(); dw != "" {
		rep.Warnings = append(rep.Warnings, dw)
	}
	if dp != nil {
		if rep.BadDates > 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("date column %q: %d value%s could not be read as dates; set --date-format or --date-col",
				rep.DateCol, rep.BadDates, plural(rep.BadDates)))
		}
	}
	rep.Warnings = append(rep.Warnings, st.listWarnings(false)...)
	rep.Columns = cols
	rep.Inputs = r.Inputs()
	return rep, nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
