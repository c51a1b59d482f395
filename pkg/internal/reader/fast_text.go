package reader

import "unicode/utf8"

// The fast path's side of the encoding check (csvRows.fitText): the fast
// path reads only UTF-8 CSV (FastPlan), whose rows that are not UTF-8 are
// kept as they are and warned about. pkg/internal/pipeline asks NotUTF8 of each
// stretch of data and, when it holds such bytes, of each record in it.

// NotUTF8 reports whether b holds bytes that are not UTF-8.
func NotUTF8(b []byte) bool { return !utf8.Valid(b) }

// NotUTF8 notes that the record of input src on line holds bytes that are
// not UTF-8, as the general reader does.
func (w *FastRows) NotUTF8(src int, line int64) { w.problems(src).text.add(line) }
