package reader

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/npskit/nps/pkg/survey"
)

// genCSV builds a survey export of n rows like a Delighted/Typeform CSV.
func genCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,submitted_at,score,comment,region,plan\n")
	regions := []string{"EMEA", "NA", "APAC", "LATAM"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d,2025-%02d-%02d 10:%02d:00,%d,\"Comment number %d, with a comma\",%s,pro\n",
			i, i%12+1, i%28+1, i%60, i%11, i, regions[i%4])
	}
	return b.Bytes()
}

func genJSONL(n int) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"id":%d,"created_at":"2025-%02d-%02dT10:00:00Z","score":%d,"comment":"Comment %d","person_properties":{"region":"EMEA","plan":"pro"}}`+"\n",
			i, i%12+1, i%28+1, i%11, i)
	}
	return b.Bytes()
}

func benchRead(b *testing.B, data []byte, opt survey.Options) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(nil, bytes.NewReader(data), opt)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		r.Close()
		if n != 100000 {
			b.Fatalf("%d rows", n)
		}
	}
}

// BenchmarkReadCSV reads a 100k-row CSV held in memory.
func BenchmarkReadCSV(b *testing.B) {
	benchRead(b, genCSV(100000), survey.Options{})
}

// BenchmarkReadCSVDates also parses the date column.
func BenchmarkReadCSVDates(b *testing.B) {
	benchRead(b, genCSV(100000), survey.Options{NeedDate: true})
}

func BenchmarkReadJSONL(b *testing.B) {
	benchRead(b, genJSONL(100000), survey.Options{})
}

func BenchmarkReadJSON(b *testing.B) {
	data := genJSONL(100000)
	data = bytes.ReplaceAll(bytes.TrimSpace(data), []byte("\n"), []byte(",\n"))
	data = append(append([]byte("[\n"), data...), "\n]\n"...)
	benchRead(b, data, survey.Options{})
}
